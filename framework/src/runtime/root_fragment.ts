/**
 * A stand-in parent node covering only the DOM between two comment markers,
 * so Preact can render an island in place without a wrapper element and
 * without touching siblings of other islands that share the parent.
 */

/** Create the fragment Preact renders into. */
export function createRootFragment(
  parent: Node,
  start: Node,
  end: Node,
): Element {
  const between = (): ChildNode[] => {
    const out: ChildNode[] = [];
    for (let n = start.nextSibling; n && n !== end; n = n.nextSibling) {
      out.push(n);
    }
    return out;
  };
  const fragment = {
    nodeType: 1,
    parentNode: parent,
    nextSibling: null,
    namespaceURI: (parent as Element).namespaceURI,
    get firstChild() {
      const first = start.nextSibling;
      return first === end ? null : first;
    },
    get childNodes() {
      return between();
    },
    insertBefore(node: Node, ref: Node | null) {
      parent.insertBefore(node, ref ?? end);
      return node;
    },
    appendChild(node: Node) {
      parent.insertBefore(node, end);
      return node;
    },
    removeChild(node: Node) {
      parent.removeChild(node);
      return node;
    },
    contains(node: Node) {
      return parent.contains(node);
    },
  };
  return fragment as unknown as Element;
}
