// Options (DOM): a single choice among a few settings, as native radio buttons in a fieldset (labelled, one tab
// stop, arrows move). Only for settings where moving the choice grants nothing: never for a site's mode.
import { useId } from "preact/hooks";

interface Props<V extends string> {
  legend: string;
  choices: readonly { value: V; label: string; description: string }[];
  value: V;
  onChange: (value: V) => void;
}

export function ChoiceFieldset<V extends string>({ legend, choices, value, onChange }: Props<V>) {
  const id = useId();
  return (
    <fieldset class="choices">
      <legend>{legend}</legend>
      {choices.map((c) => (
        <label key={c.value} class="choice">
          <input type="radio" name={id} value={c.value} checked={c.value === value} aria-describedby={`${id}-${c.value}`} onChange={() => onChange(c.value)} />
          <span class="choice-text">
            <span class="choice-label">{c.label}</span>
            <span class="choice-desc" id={`${id}-${c.value}`}>
              {c.description}
            </span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}
