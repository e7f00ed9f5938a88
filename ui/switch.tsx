// Popup and options (DOM): an on/off switch (a button with role="switch"), labelled and described.
import { useId } from "preact/hooks";

interface Props {
  label: string;
  description?: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
}

export function Switch({ label, description, checked, onChange, disabled }: Props) {
  const id = useId();
  return (
    <div class="switch-row">
      <span class="switch-text">
        <span class="switch-label" id={`${id}-label`}>
          {label}
        </span>
        {description && (
          <span class="switch-desc" id={`${id}-desc`}>
            {description}
          </span>
        )}
      </span>
      <button
        type="button"
        role="switch"
        class="switch"
        aria-checked={checked ? "true" : "false"}
        aria-labelledby={`${id}-label`}
        aria-describedby={description ? `${id}-desc` : undefined}
        disabled={disabled}
        onClick={() => onChange(!checked)}
      >
        <span class="switch-thumb" aria-hidden="true" />
      </button>
    </div>
  );
}
