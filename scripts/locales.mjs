// Node: the UI's strings. Source: locales/<lang>/<area>.json, each a flat object of key → message (or
// { message, description } for translators), with named parameters in braces: "Allowed until {time}".
// One file per area (common, popup, first-run, options, log, ...) so people working on different pages do
// not edit one file. The build merges them into the browsers' format, _locales/<lang>/messages.json, where
// each {name} becomes a placeholder $NAME$ whose content is the n-th substitution, n from the parameter
// names in alphabetical order — the same order ui/i18n.ts passes them, whatever order a translation uses.
import { readdirSync, readFileSync, existsSync } from "node:fs";
import path from "node:path";

export const DEFAULT_LOCALE = "en";
const PARAM = /\{([a-zA-Z][a-zA-Z0-9]*)\}/g;
const KEY = /^[a-zA-Z][a-zA-Z0-9_]*$/;

/** The parameter names of a message, sorted: the substitution order. */
export function paramNames(message) {
  return [...new Set([...message.matchAll(PARAM)].map((m) => m[1]))].sort();
}

function entryOf(file, key, value) {
  if (!KEY.test(key)) throw new Error(`${file}: "${key}" is not a valid message key (letters, digits, _)`);
  if (typeof value === "string") return { message: value };
  if (value && typeof value === "object" && typeof value.message === "string") {
    const extra = Object.keys(value).filter((k) => k !== "message" && k !== "description");
    if (extra.length === 0) return { message: value.message, description: value.description };
  }
  throw new Error(`${file}: "${key}" must be a string or { message, description }`);
}

/** @typedef {{ message: string, description?: string }} Message */

/**
 * Reads every locale; throws on a duplicate key, a key missing or extra in a locale, or parameters that differ.
 * @param {string} root
 * @returns {Record<string, Record<string, Message>>}
 */
export function loadLocales(root) {
  const dir = path.join(root, "locales");
  /** @type {Record<string, Record<string, Message>>} */
  const locales = {};
  if (!existsSync(dir)) return locales;
  for (const lang of readdirSync(dir).sort()) {
    const merged = {};
    const origin = {};
    for (const name of readdirSync(path.join(dir, lang)).filter((f) => f.endsWith(".json")).sort()) {
      const file = `locales/${lang}/${name}`;
      const data = JSON.parse(readFileSync(path.join(dir, lang, name), "utf8"));
      for (const [key, value] of Object.entries(data)) {
        if (key in merged) throw new Error(`${file}: "${key}" is also defined in ${origin[key]}`);
        merged[key] = entryOf(file, key, value);
        origin[key] = file;
      }
    }
    locales[lang] = merged;
  }
  const base = locales[DEFAULT_LOCALE];
  if (!base) throw new Error(`locales/${DEFAULT_LOCALE} is missing`);
  const problems = [];
  for (const [lang, messages] of Object.entries(locales)) {
    if (lang === DEFAULT_LOCALE) continue;
    for (const key of Object.keys(base)) {
      if (!(key in messages)) problems.push(`locales/${lang}: "${key}" is missing`);
      else if (paramNames(messages[key].message).join() !== paramNames(base[key].message).join())
        problems.push(`locales/${lang}: "${key}" has parameters {${paramNames(messages[key].message)}}, en has {${paramNames(base[key].message)}}`);
    }
    for (const key of Object.keys(messages)) if (!(key in base)) problems.push(`locales/${lang}: "${key}" is not in en`);
  }
  if (problems.length > 0) throw new Error(`locale files disagree:\n  ${problems.join("\n  ")}`);
  return locales;
}

/**
 * One locale in the browsers' messages.json format.
 * @param {Record<string, Message>} messages
 * @returns {Record<string, { message: string, description?: string, placeholders?: Record<string, { content: string }> }>}
 */
export function toBrowserMessages(messages) {
  const out = {};
  for (const [key, { message, description }] of Object.entries(messages)) {
    const names = paramNames(message);
    // A literal "$" must be written "$$" in messages.json.
    const text = message.replaceAll("$", "$$$$").replace(PARAM, (_, name) => `$${name.toUpperCase()}$`);
    const entry = { message: text };
    if (description) entry.description = description;
    if (names.length > 0) entry.placeholders = Object.fromEntries(names.map((n, i) => [n.toLowerCase(), { content: `$${i + 1}` }]));
    out[key] = entry;
  }
  return out;
}
