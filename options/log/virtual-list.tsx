// Options (DOM): a listbox that renders only the rows in view (fixed row height), so 100,000 entries scroll as
// smoothly as 10. One tab stop: the box itself holds focus and names the active row with aria-activedescendant;
// arrows, Page Up/Down, Home and End move the selection (and scroll it into view); a click selects too. Asks for
// more rows (`onNearEnd`) when the view comes within a screen of the last loaded one.
import type { ComponentChildren, TargetedKeyboardEvent } from "preact";
import { useEffect, useId, useRef, useState } from "preact/hooks";

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
  /** The selected item's index, or -1. */
  selected: number;
  onSelect: (index: number) => void;
  onNearEnd?: () => void;
  /** When it changes (a new filter), the list scrolls back to the top. */
  resetKey?: string;
}

const OVERSCAN = 8;

export function VirtualList<T>({ items, rowHeight, height, label, total, renderRow, keyOf, selected, onSelect, onNearEnd, resetKey }: Props<T>) {
  const id = useId();
  const box = useRef<HTMLDivElement>(null);
  const [scrolled, setTop] = useState(0);
  useEffect(() => {
    if (box.current) box.current.scrollTop = 0;
    setTop(0);
  }, [resetKey]);
  // A list that got shorter than where it was scrolled to shows its end.
  const top = Math.min(scrolled, Math.max(0, items.length * rowHeight - height));
  const visible = Math.ceil(height / rowHeight);
  let first = Math.max(0, Math.floor(top / rowHeight) - OVERSCAN);
  let last = Math.min(items.length, Math.floor(top / rowHeight) + visible + OVERSCAN);
  // The active row is always in the DOM (aria-activedescendant must name an element).
  if (selected >= 0 && selected < items.length) {
    first = Math.min(first, selected);
    last = Math.max(last, selected + 1);
  }

  useEffect(() => {
    if (onNearEnd && last + visible >= items.length) onNearEnd();
  }, [last, items.length, visible, onNearEnd]);

  // Keep the selected row in view.
  useEffect(() => {
    const el = box.current;
    if (!el || selected < 0) return;
    const rowTop = selected * rowHeight;
    if (rowTop < el.scrollTop) el.scrollTop = rowTop;
    else if (rowTop + rowHeight > el.scrollTop + el.clientHeight) el.scrollTop = rowTop + rowHeight - el.clientHeight;
    setTop(el.scrollTop);
  }, [selected, rowHeight]);

  const onKeyDown = (e: TargetedKeyboardEvent<HTMLDivElement>) => {
    if (items.length === 0) return;
    const at = selected < 0 ? -1 : selected;
    const page = Math.max(1, visible - 1);
    const to: Record<string, number> = {
      ArrowDown: Math.min(items.length - 1, at + 1),
      ArrowUp: Math.max(0, at - 1),
      PageDown: Math.min(items.length - 1, Math.max(0, at) + page),
      PageUp: Math.max(0, at - page),
      Home: 0,
      End: items.length - 1,
    };
    const next = to[e.key];
    if (next === undefined) return;
    e.preventDefault();
    onSelect(next);
  };

  const rows = [];
  for (let i = first; i < last; i++) {
    const item = items[i]!;
    rows.push(
      <div
        key={keyOf(item)}
        id={`${id}-${i}`}
        role="option"
        aria-selected={i === selected ? "true" : "false"}
        aria-posinset={i + 1}
        aria-setsize={total}
        class="vrow"
        style={{ position: "absolute", top: `${i * rowHeight}px`, height: `${rowHeight}px`, left: 0, right: 0 }}
        onClick={() => {
          onSelect(i);
          box.current?.focus();
        }}
      >
        {renderRow(item, i)}
      </div>,
    );
  }
  return (
    <div
      ref={box}
      class="vlist"
      role="listbox"
      aria-label={label}
      tabIndex={0}
      aria-activedescendant={selected >= 0 && selected < items.length ? `${id}-${selected}` : undefined}
      style={{ height: `${height}px`, overflowY: "auto", position: "relative" }}
      onScroll={(e) => setTop((e.currentTarget as HTMLDivElement).scrollTop)}
      onKeyDown={onKeyDown}
    >
      <div role="presentation" style={{ height: `${items.length * rowHeight}px`, position: "relative" }}>
        {rows}
      </div>
    </div>
  );
}
