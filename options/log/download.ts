// Options (DOM): saving text the page made as a file: a blob URL and <a download>, so no "downloads" permission.
export function downloadText(parts: BlobPart[], fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob(parts, { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  a.style.display = "none";
  document.body.append(a);
  a.click();
  a.remove();
  // The browser has read the URL once the click was handled; keep it a while for slow disks.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
