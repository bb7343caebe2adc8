import * as Toast from "@radix-ui/react-toast";
import { createContext, useCallback, useContext, useState, type ReactNode } from "react";
import { ApiError } from "../api/client";

interface Item { id: number; title: string; body: string; error: boolean }
const Ctx = createContext<(title: string, body?: unknown) => void>(() => {});

/** Server errors as toasts: their `error` code and `message`, never a blank page. */
export function Toasts({ children }: { children: ReactNode }) {
  const [items, setItems] = useState<Item[]>([]);
  const notify = useCallback((title: string, body?: unknown) => {
    const error = body instanceof Error;
    const text = body instanceof ApiError ? `${body.body.error}: ${body.body.message}` : body instanceof Error ? body.message : String(body ?? "");
    setItems((all) => [...all, { id: Date.now() + Math.random(), title, body: text, error }]);
  }, []);
  return (
    <Ctx.Provider value={notify}>
      <Toast.Provider swipeDirection="right" duration={6000}>
        {children}
        {items.map((t) => (
          <Toast.Root key={t.id} role={t.error ? "alert" : "status"} onOpenChange={(open) => !open && setItems((all) => all.filter((x) => x.id !== t.id))}
            className={`card mb-2 bg-white shadow-lg dark:bg-zinc-900 ${t.error ? "border-red-400" : ""}`}>
            <Toast.Title className="text-sm font-semibold">{t.title}</Toast.Title>
            {t.body && <Toast.Description className="text-xs text-zinc-600 dark:text-zinc-400">{t.body}</Toast.Description>}
          </Toast.Root>
        ))}
        <Toast.Viewport className="fixed bottom-2 right-2 z-50 w-80 max-w-[calc(100vw-1rem)]" />
      </Toast.Provider>
    </Ctx.Provider>
  );
}

export const useToast = () => useContext(Ctx);
