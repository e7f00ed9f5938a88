// Pure: the audit log's public surface (entries, chain, retention, export, parse). No browser API.
export * from "./entry";
export * from "./canonical";
export * from "./chain";
export * from "./retention";
export * from "./export";
export * from "./parse";
export * from "./signing";
export * from "./signed";
export * from "./verify-file";
export * from "./verdict-text";
export * from "./report";
export * from "./report-html";
export * from "./filter";
export * from "./stored";
