// Options (DOM): a list that renders only the rows in view (fixed row height), so 100,000 entries scroll as
// smoothly as 10. Asks for more rows (`onNearEnd`) when the view comes within a screen of the last loaded one.
import type { ComponentChildren } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";

interface Props<T> {
  items: readonly T[];
  rowHeight: number;
  /** Height of the scrolling box in pixels. */
  height: number;
  label: string;
  /** Total when known (for screen readers); -1 while more may load. */
  total: number;
  renderRow: (item: T, index: number) => ComponentChildren;
  keyOf: (item: T) => string | number;
  onNearEnd?: () => void;
  /** When it changes (a new filter), the list scrolls back to the top. */
  resetKey?: string;
}

const OVERSCAN = 8;

export function VirtualList<T>({ items, rowHeight, height, label, total, renderRow, keyOf, onNearEnd, resetKey }: Props<T>) {
  const box = useRef<HTMLDivElement>(null);
  const [scrolled, setTop] = useState(0);
  useEffect(() => {
    if (box.current) box.current.scrollTop = 0;
    setTop(0);
  }, [resetKey]);
  // A list that got shorter than where it was scrolled to shows its end.
  const top = Math.min(scrolled, Math.max(0, items.length * rowHeight - height));
  const visible = Math.ceil(height / rowHeight);
  const first = Math.max(0, Math.floor(top / rowHeight) - OVERSCAN);
  const last = Math.min(items.length, Math.floor(top / rowHeight) + visible + OVERSCAN);

  useEffect(() => {
    if (onNearEnd && last + visible >= items.length) onNearEnd();
  }, [last, items.length, visible, onNearEnd]);

  const rows = [];
  for (let i = first; i < last; i++) {
    const item = items[i]!;
    rows.push(
      <div
        key={keyOf(item)}
        role="listitem"
        aria-posinset={i + 1}
        aria-setsize={total}
        class="vrow"
        style={{ position: "absolute", top: `${i * rowHeight}px`, height: `${rowHeight}px`, left: 0, right: 0 }}
      >
        {renderRow(item, i)}
      </div>,
    );
  }
  return (
    <div
      ref={box}
      class="vlist"
      tabIndex={0}
      style={{ height: `${height}px`, overflowY: "auto", position: "relative" }}
      onScroll={(e) => setTop((e.currentTarget as HTMLDivElement).scrollTop)}
    >
      <div role="list" aria-label={label} style={{ height: `${items.length * rowHeight}px`, position: "relative" }}>
        {rows}
      </div>
    </div>
  );
}
