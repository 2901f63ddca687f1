import { useSyncExternalStore } from "react";
import { cn } from "@/lib/cn";

/** Tiny global toasts: toast("User created"). */
interface ToastItem {
  id: number;
  message: string;
  tone: "success" | "error" | "info";
}

let items: ToastItem[] = [];
let seq = 0;
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());

export function toast(message: string, tone: ToastItem["tone"] = "success", ms = 4000) {
  const id = ++seq;
  items = [...items, { id, message, tone }];
  emit();
  setTimeout(() => {
    items = items.filter((t) => t.id !== id);
    emit();
  }, ms);
}

export function Toaster() {
  const list = useSyncExternalStore(
    (cb) => {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    () => items,
  );
  return (
    <div aria-live="polite" className="pointer-events-none fixed inset-x-0 bottom-4 z-[60] flex flex-col items-center gap-2 px-4 sm:items-end">
      {list.map((t) => (
        <div
          key={t.id}
          role="status"
          className={cn(
            "pointer-events-auto rounded-md px-4 py-2.5 text-sm font-medium text-white shadow-lg",
            t.tone === "success" ? "bg-emerald-600" : t.tone === "error" ? "bg-red-600" : "bg-slate-800",
          )}
        >
          {t.message}
        </div>
      ))}
    </div>
  );
}
