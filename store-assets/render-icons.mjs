// Node: renders icons/icon.svg to the PNG sizes the manifest names, with headless Chromium, so the PNGs are
// reproducible: `node store-assets/render-icons.mjs [path/to/chromium]` (or CHROMIUM=...).
// Each size is drawn from the vector source onto a canvas of that size (transparent background) and read back
// with toDataURL; screenshots are not used because headless Chromium scrolls small windows unpredictably.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const SIZES = [16, 32, 48, 128];
const here = path.dirname(fileURLToPath(import.meta.url));
const source = readFileSync(path.join(here, "icons", "icon.svg"), "utf8");
const chromium = process.argv[2] ?? process.env.CHROMIUM ?? "/usr/bin/chromium";

/** The source with its width and height set, so the browser rasterises the vector at that size. */
const sized = (size) => source.replace(/width="\d+" height="\d+"/, `width="${size}" height="${size}"`);
const dataUrl = (svg) => `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;

const page = `<!doctype html><html><body>
${SIZES.map((s) => `<img data-size="${s}" src="${dataUrl(sized(s))}">`).join("\n")}
<script>
addEventListener("load", () => {
  const out = {};
  for (const img of document.images) {
    const size = Number(img.dataset.size);
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = size;
    canvas.getContext("2d").drawImage(img, 0, 0, size, size);
    out[size] = canvas.toDataURL("image/png");
  }
  document.body.innerHTML = "<pre id=out></pre>";
  document.getElementById("out").textContent = JSON.stringify(out);
});
</script></body></html>`;

const work = mkdtempSync(path.join(tmpdir(), "seedgate-icons-"));
try {
  const file = path.join(work, "render.html");
  writeFileSync(file, page);
  const dom = execFileSync(
    chromium,
    [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      `--user-data-dir=${path.join(work, "profile")}`,
      "--virtual-time-budget=5000",
      "--dump-dom",
      pathToFileURL(file).href,
    ],
    { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 60_000 },
  );
  const json = /<pre id="out">([^<]*)<\/pre>/.exec(dom)?.[1];
  if (!json) throw new Error("Chromium did not render the icons");
  const pngs = JSON.parse(json.replaceAll("&quot;", '"').replaceAll("&amp;", "&"));
  for (const size of SIZES) {
    const base64 = pngs[size]?.replace(/^data:image\/png;base64,/, "");
    if (!base64) throw new Error(`no PNG for size ${size}`);
    const out = path.join(here, "icons", `icon-${size}.png`);
    writeFileSync(out, Buffer.from(base64, "base64"));
    console.log(`wrote ${path.relative(process.cwd(), out)}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
