import { LogIn } from "lucide-react";
import { useState } from "react";
import { api } from "../api/client";
import type { Me } from "../api/types";

/** The login form; also shown over the page when a session expires, so a filled form underneath is kept. */
export function LoginForm({ onDone }: { onDone: (me: Me) => void }) {
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await api.login(username, password);
      onDone(await api.me());
    } catch (err) { setError(err instanceof Error ? err.message : String(err)); }
  };
  return (
    <form onSubmit={submit} className="card mx-auto w-full max-w-sm space-y-3 bg-white dark:bg-zinc-950" aria-label="Log in">
      <h1 className="text-lg font-semibold">Log in</h1>
      <div><label className="label" htmlFor="username">User name</label><input id="username" className="field" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} /></div>
      <div><label className="label" htmlFor="password">Password</label><input id="password" type="password" className="field" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} /></div>
      {error && <p className="text-sm text-red-600" role="alert">{error}</p>}
      <button type="submit" className="btn-primary w-full justify-center"><LogIn size={14} />Log in</button>
    </form>
  );
}
