/**
 * The build id shared by server and browser code. The server sets it at boot
 * (or from an AOT snapshot); the browser sets it from the boot module URL.
 */
let buildId = "";

/** The current build id ("" until set). */
export function getBuildId(): string {
  return buildId;
}

/** Replace the build id; called once at startup. */
export function setBuildId(id: string): void {
  buildId = id;
}
