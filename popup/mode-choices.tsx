// Popup (DOM): the three large choices for a site — Allow seeding (with "for this visit" beside it), Download only,
// Block P2P. Plain buttons with aria-pressed, not a radio group: moving focus never changes the mode; a mode
// changes only when its button is activated (click, Enter, Space), and no key handler of our own exists here.
import type { Mode } from "../extension/shared/status";
import { t } from "../ui/i18n";
import { MODE_LABEL } from "../ui/mode-text";

export type Decided = Exclude<Mode, "undecided">;

const ORDER: readonly { mode: Decided; desc: () => string }[] = [
  { mode: "allow", desc: () => t("choiceAllowDesc") },
  { mode: "download-only", desc: () => t("choiceDownloadOnlyDesc") },
  { mode: "block", desc: () => t("choiceBlockDesc") },
];

interface Props {
  /** The mode in force for the site (the user's, or the one a policy forces); undecided: none pressed. */
  mode: Mode;
  visitOnly: boolean;
  disabled: boolean;
  onChoose: (mode: Decided, visitOnly: boolean) => void;
  /** The Allow button, so the undo can give focus back to it. */
  allowRef?: (el: HTMLButtonElement | null) => void;
}

export function ModeChoices({ mode, visitOnly, disabled, onChoose, allowRef }: Props) {
  return (
    <div class="choices" role="group" aria-labelledby="choices-heading">
      {ORDER.map(({ mode: m, desc }) => {
        const pressed = mode === m && !(m === "allow" && visitOnly);
        return (
          <div key={m} class={`choice choice-${m}`} data-pressed={mode === m ? "true" : "false"}>
            <button
              type="button"
              class="choice-main"
              aria-pressed={pressed ? "true" : "false"}
              aria-describedby={`choice-${m}-desc`}
              disabled={disabled}
              ref={m === "allow" ? allowRef : undefined}
              onClick={() => onChoose(m, false)}
            >
              <span class="choice-mark" aria-hidden="true" />
              <span class="choice-label">{MODE_LABEL[m]}</span>
            </button>
            {m === "allow" && (
              <button
                type="button"
                class="choice-visit"
                aria-pressed={mode === "allow" && visitOnly ? "true" : "false"}
                disabled={disabled}
                onClick={() => onChoose("allow", true)}
              >
                {t("allowForVisit")}
              </button>
            )}
            <span class="choice-desc" id={`choice-${m}-desc`}>
              {desc()}
            </span>
          </div>
        );
      })}
    </div>
  );
}
