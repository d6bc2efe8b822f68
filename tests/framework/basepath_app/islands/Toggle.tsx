import { useState } from "preact/hooks";

/** An island that shows a picture only after a click (client-rendered img). */
export default function Toggle() {
  const [on, setOn] = useState(false);
  return (
    <div class="toggle">
      <button type="button" onClick={() => setOn(!on)}>toggle</button>
      {on && <img class="client-img" src="/pic.svg" alt="" />}
    </div>
  );
}
