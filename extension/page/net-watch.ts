// MAIN world, top frame: what `navigator.connection` says about the connection being metered (`saveData`, or
// `type: "cellular"` where the browser exposes `type`: Android, ChromeOS; not Linux desktop, not Firefox). Read
// through getters captured before any page script runs, so a page cannot make the connection look unmetered;
// reported once at start and again on each `change` event of the connection (only when the answer changed).
import { call, getterOf as getter, home } from "./natives";

/** Starts watching; `resend` says the last answer again (a restarted background forgot it). */
export function watchNetwork(report: (metered: boolean) => void): { resend(): void } {
  const none = { resend() {} };
  const win = window as unknown as { Navigator?: { prototype: object }; NetworkInformation?: { prototype: object } };
  const connectionOf = getter(win.Navigator?.prototype, "connection");
  const info = win.NetworkInformation?.prototype;
  const saveDataOf = getter(info, "saveData");
  const typeOf = getter(info, "type");
  if (!connectionOf || !home.navigator) return none; // Firefox, Safari: the user's switch is the way
  const connection = call(connectionOf as never, home.navigator) as EventTarget | null;
  if (!connection) return none;
  let last: boolean | null = null;
  const check = () => {
    const metered = (saveDataOf ? call(saveDataOf as never, connection) === true : false) || (typeOf ? call(typeOf as never, connection) === "cellular" : false);
    if (metered === last) return;
    last = metered;
    report(metered);
  };
  check();
  call(home.addEventListener as never, connection, "change", check);
  return {
    resend() {
      if (last !== null) report(last);
    },
  };
}

