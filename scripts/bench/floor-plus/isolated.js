// ISOLATED world, every frame, document_start (scripts/bench.mjs --floor-plus): a trivial script, so the browser
// creates an isolated world in every frame, as it must for Seedgate's bridge (the only world that can reach the
// extension). It adds one listener, as the bridge does, and nothing else.
window.addEventListener("seedgate-floor-plus", () => {}, true);
