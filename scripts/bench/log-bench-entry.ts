// Bundled in memory by scripts/bench/log-bench.mjs: the audit log's real store and backends, for Node.
export { openLogStore } from "../../extension/background/log/log-store";
export { openIdbLogBackend } from "../../extension/background/log/idb-log-backend";
export { MemoryLogBackend } from "../../extension/background/log/memory-log-backend";
export { sampleDrafts, webCryptoSha256 } from "../../extension/core/log/sample-entries";
export { appendBatch, verifyJsonl } from "../../extension/core/log";
