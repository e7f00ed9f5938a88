// Node (jest e2e): checks that an unpacked extension's manifest only names files that exist. Chromium refuses
// such an extension with a line on its stderr that a headless test never sees; this says it up front.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

type Json = { [key: string]: unknown };

const strings = (value: unknown): string[] =>
  typeof value === "string" ? [value] : Array.isArray(value) ? value.flatMap(strings) : value && typeof value === "object" ? Object.values(value).flatMap(strings) : [];

/** Files the manifest refers to (relative to the extension's root). */
export function referencedFiles(manifest: Json): string[] {
  const at = (...keys: string[]): unknown => keys.reduce<unknown>((v, k) => (v && typeof v === "object" ? (v as Json)[k] : undefined), manifest);
  const scripts = Array.isArray(manifest.content_scripts) ? (manifest.content_scripts as Json[]).flatMap((c) => [...strings(c.js), ...strings(c.css)]) : [];
  return [
    ...strings(at("background", "service_worker")),
    ...strings(at("background", "scripts")),
    ...strings(at("background", "page")),
    ...scripts,
    ...strings(at("action", "default_popup")),
    ...strings(at("action", "default_icon")),
    ...strings(at("icons")),
    ...strings(at("options_ui", "page")),
    ...strings(at("options_page")),
    ...strings(at("storage", "managed_schema")),
    ...strings(at("side_panel", "default_path")),
    ...strings(at("devtools_page")),
  ].map((file) => file.replace(/^\//, ""));
}

/** Throws one error listing every file the manifest names that is not in `dir`. */
export function assertManifestFilesExist(dir: string): void {
  const manifest = JSON.parse(readFileSync(path.join(dir, "manifest.json"), "utf8")) as Json;
  const missing = referencedFiles(manifest).filter((file) => !existsSync(path.join(dir, file)));
  if (missing.length > 0) {
    throw new Error(`${dir}/manifest.json names files that do not exist, so the browser would not load it: ${missing.join(", ")}`);
  }
}
