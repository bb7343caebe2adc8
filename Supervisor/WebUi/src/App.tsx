import * as Dialog from "@radix-ui/react-dialog";
import { Boxes, Cpu, Image, ListOrdered, LogOut, Settings, Sparkles } from "lucide-react";
import { useCallback, useEffect, useState } from "react";
import { api, ApiError, setUnauthorizedHandler } from "./api/client";
import type { Me } from "./api/types";
import { useToast } from "./components/Toasts";
import { useLiveStatus } from "./lib/live";
import { navigate, useRoute } from "./lib/router";
import { GalleryPage } from "./pages/Gallery";
import { GeneratePage } from "./pages/Generate";
import { LoginForm } from "./pages/Login";
import { ModelsPage } from "./pages/Models";
import { QueuePage } from "./pages/Queue";
import { SettingsPage } from "./pages/Settings";
import { WorkersPage } from "./pages/Workers";

const NAV = [
  ["/", "Generate", Sparkles], ["/queue", "Queue", ListOrdered], ["/gallery", "Gallery", Image],
  ["/models", "Models", Boxes], ["/workers", "Workers", Cpu], ["/settings", "Settings", Settings],
] as const;

export function App() {
  const toast = useToast();
  const [me, setMe] = useState<Me | null | "anonymous">(null);
  const [expired, setExpired] = useState(false);
  useEffect(() => {
    setUnauthorizedHandler(() => setExpired(true));
    api.me().then(setMe).catch((e) => (e instanceof ApiError && e.status === 401 ? setMe("anonymous") : toast("The server did not answer", e)));
  }, [toast]);
  const logout = useCallback(() => api.logout().finally(() => setMe("anonymous")), []);

  if (me === null) return <p className="p-4 text-sm text-zinc-500">Connecting…</p>;
  if (me === "anonymous") return <main className="grid min-h-screen place-items-center p-4"><LoginForm onDone={(m) => { setMe(m); setExpired(false); }} /></main>;
  return (
    <>
      <Shell me={me} onLogout={logout} />
      <Dialog.Root open={expired}>
        <Dialog.Portal>
          <Dialog.Overlay className="fixed inset-0 z-40 bg-black/50" />
          <Dialog.Content className="fixed inset-x-2 top-20 z-50" aria-describedby={undefined}>
            <Dialog.Title className="sr-only">Session expired</Dialog.Title>
            <p className="mx-auto mb-2 max-w-sm text-center text-sm text-white">Your session ended; log in again to carry on where you were.</p>
            <LoginForm onDone={(m) => { setMe(m); setExpired(false); }} />
          </Dialog.Content>
        </Dialog.Portal>
      </Dialog.Root>
    </>
  );
}

function Shell({ me, onLogout }: { me: Me; onLogout: () => void }) {
  const route = useRoute();
  const { status, jobTick, trails } = useLiveStatus();
  const page = route.split("/")[1] ?? "";
  return (
    <div className="mx-auto max-w-7xl p-3">
      <header className="mb-3 flex flex-wrap items-center gap-2">
        <a href="/ui/" onClick={(e) => { e.preventDefault(); navigate("/"); }} className="mr-2 font-bold">sd-supervised</a>
        <nav aria-label="Main" className="flex flex-wrap gap-1">
          {NAV.map(([to, label, Icon]) => (
            <a key={to} href={`/ui${to}`} aria-current={`/${page}` === to ? "page" : undefined}
              onClick={(e) => { e.preventDefault(); navigate(to); }}
              className={`btn border-transparent ${`/${page}` === to ? "bg-zinc-200 dark:bg-zinc-800" : ""}`}><Icon size={14} /><span>{label}</span></a>))}
        </nav>
        <span className="ml-auto text-xs text-zinc-500" data-testid="whoami">{me.method === "none" ? "auth off" : `${me.username} (${me.role})`}</span>
        {me.method !== "none" && me.via !== "none" && <button className="btn" onClick={onLogout}><LogOut size={14} />Log out</button>}
      </header>
      <main>
        {page === "" || page === "generate" ? <GeneratePage />
          : page === "queue" ? <QueuePage tick={jobTick} />
          : page === "gallery" ? <GalleryPage tick={jobTick} />
          : page === "models" ? <ModelsPage status={status} />
          : page === "workers" ? <WorkersPage status={status} trails={trails} />
          : page === "settings" ? <SettingsPage />
          : <p>No page here. <a className="underline" href="/ui/">Generate</a></p>}
      </main>
    </div>
  );
}
