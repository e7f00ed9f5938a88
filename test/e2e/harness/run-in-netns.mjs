#!/usr/bin/env node
// Node, outside any browser: runs a command inside a fresh private network namespace, so browser tests
// get a routable host address (192.0.2.2, TEST-NET-1) for WebRTC and no packet can leave the machine.
// Where that is impossible (not root, no unshare/ip, a sandbox that forbids namespaces) it says so in one
// line and runs the command directly on the real interfaces. Exit code and signals pass through.
//
// usage: node test/e2e/harness/run-in-netns.mjs <command> [args...]
import { spawn, spawnSync } from "node:child_process";
import { constants } from "node:os";
import { fileURLToPath } from "node:url";

const INSIDE = "SEEDGATE_NETNS";
// Chromium gathers host candidates only for the address of the default route; a veth pair gives it one.
// The peer end (192.0.2.1) stays unconfigured: anything routed "out" is dropped inside this namespace.
const SETUP = [
  ["link", "set", "lo", "up"],
  ["link", "add", "sg0", "type", "veth", "peer", "name", "sg1"],
  ["addr", "add", "192.0.2.2/24", "dev", "sg0"],
  ["link", "set", "sg0", "up"],
  ["link", "set", "sg1", "up"],
  ["route", "add", "default", "via", "192.0.2.1", "dev", "sg0"],
];

const args = process.argv.slice(2);
if (args.length === 0) {
  console.error("usage: run-in-netns.mjs <command> [args...]");
  process.exit(2);
}

/** Runs a command with inherited stdio; forwards signals; exits as it exits. */
function runAndExit(cmd, cmdArgs, env = process.env) {
  const child = spawn(cmd, cmdArgs, { stdio: "inherit", env });
  const forward = (sig) => () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(sig);
  };
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT"]) process.on(sig, forward(sig));
  child.on("error", (err) => {
    console.error(`run-in-netns: cannot run ${cmd}: ${err.message}`);
    process.exit(127);
  });
  child.on("exit", (code, signal) => {
    process.exit(code ?? 128 + (constants.signals[signal] ?? 1));
  });
}

function works(cmd, cmdArgs) {
  const r = spawnSync(cmd, cmdArgs, { stdio: "ignore" });
  return !r.error && r.status === 0;
}

if (process.env[INSIDE] === "1") {
  // Inside the namespace (re-executed by the branch below): build the network, then run the command.
  for (const step of SETUP) {
    const r = spawnSync("ip", step, { stdio: ["ignore", "inherit", "inherit"] });
    if (r.error || r.status !== 0) {
      console.error(`run-in-netns: "ip ${step.join(" ")}" failed inside the namespace`);
      process.exit(1);
    }
  }
  const env = { ...process.env, [INSIDE]: "ready" };
  runAndExit(args[0], args.slice(1), env);
} else if (process.env[INSIDE] === "ready") {
  // Already inside a namespace this script built (nested call): just run.
  runAndExit(args[0], args.slice(1));
} else {
  const reason =
    process.platform !== "linux"
      ? "not Linux"
      : process.getuid?.() !== 0
        ? "not root"
        : !works("unshare", ["-n", "true"])
          ? "unshare -n unavailable"
          : !works("ip", ["-V"])
            ? "no ip (iproute2)"
            : null;
  if (reason) {
    console.log(`run-in-netns: ${reason}; running on the real network interfaces: ${args.join(" ")}`);
    runAndExit(args[0], args.slice(1));
  } else {
    const self = fileURLToPath(import.meta.url);
    runAndExit("unshare", ["-n", "--", process.execPath, self, ...args], { ...process.env, [INSIDE]: "1" });
  }
}
