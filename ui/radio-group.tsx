// Popup and options (DOM): one accessible single-choice control (WAI-ARIA APG radio group pattern,
// https://www.w3.org/WAI/ARIA/apg/patterns/radio/): one tab stop, arrow keys move and choose, Space chooses.
import { useId, useRef } from "preact/hooks";
import type { TargetedKeyboardEvent } from "preact";
import type { Choice } from "./mode-text";

interface Props<V extends string> {
  /** Id of the element that names the group. */
  labelledBy: string;
  choices: readonly Choice<V>[];
  value: V | null;
  onChange: (value: V) => void;
  disabled?: boolean;
}

export function RadioGroup<V extends string>({ labelledBy, choices, value, onChange, disabled }: Props<V>) {
  const id = useId();
  const refs = useRef<(HTMLDivElement | null)[]>([]);
  const checked = choices.findIndex((c) => c.value === value);
  const tabStop = checked >= 0 ? checked : 0;

  const choose = (index: number) => {
    const choice = choices[index];
    if (!choice || disabled) return;
    refs.current[index]?.focus();
    if (choice.value !== value) onChange(choice.value);
  };

  const onKeyDown = (event: TargetedKeyboardEvent<HTMLDivElement>) => {
    const from = refs.current.findIndex((el) => el === event.target);
    if (from < 0) return;
    const last = choices.length - 1;
    const to: Record<string, number> = {
      ArrowDown: from === last ? 0 : from + 1,
      ArrowRight: from === last ? 0 : from + 1,
      ArrowUp: from === 0 ? last : from - 1,
      ArrowLeft: from === 0 ? last : from - 1,
      Home: 0,
      End: last,
      " ": from,
    };
    const next = to[event.key];
    if (next === undefined) return;
    event.preventDefault();
    choose(next);
  };

  return (
    <div
      role="radiogroup"
      class="radio-group"
      aria-labelledby={labelledBy}
      aria-disabled={disabled ? "true" : undefined}
      onKeyDown={onKeyDown}
    >
      {choices.map((choice, index) => {
        const isChecked = index === checked;
        return (
          <div
            key={choice.value}
            ref={(el) => {
              refs.current[index] = el;
            }}
            role="radio"
            class="radio"
            aria-checked={isChecked ? "true" : "false"}
            aria-labelledby={`${id}-${index}-label`}
            aria-describedby={`${id}-${index}-desc`}
            tabIndex={index === tabStop ? 0 : -1}
            onClick={() => choose(index)}
          >
            <span class="radio-mark" aria-hidden="true" />
            <span class="radio-text">
              <span class="radio-label" id={`${id}-${index}-label`}>
                {choice.label}
              </span>
              <span class="radio-desc" id={`${id}-${index}-desc`}>
                {choice.description}
              </span>
            </span>
          </div>
        );
      })}
    </div>
  );
}
