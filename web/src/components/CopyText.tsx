import { useState } from "react";
import { Button } from "./Button";
import { Icon } from "./icons";

/** A value to copy (a command, a token): shown in full, selectable, with a Copy button. */
export function CopyText({ value, label, testId }: { value: string; label: string; testId?: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      // No clipboard (insecure origin, denied): the text stays selectable.
      setCopied(false);
    }
  };
  return (
    <div className="flex items-stretch gap-2">
      <code
        aria-label={label}
        data-testid={testId}
        className="block min-w-0 flex-1 select-all break-all rounded-md bg-slate-900 px-3 py-2 font-mono text-xs text-slate-100 dark:bg-black"
      >
        {value}
      </code>
      <Button variant="secondary" size="sm" onClick={copy} icon={<Icon name={copied ? "check" : "copy"} className="h-4 w-4" />} aria-label={`Copy ${label.toLowerCase()}`}>
        {copied ? "Copied" : "Copy"}
      </Button>
    </div>
  );
}
