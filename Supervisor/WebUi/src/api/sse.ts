/**
 * A server-sent event stream. EventSource reconnects by itself after a drop and sends the last id it saw as
 * Last-Event-ID, so the server replays what was missed: no polling, and no gap. `onOpen` fires on each (re)connect
 * so a page can refresh anything the journal does not replay.
 */
export function subscribe(url: string, handlers: Record<string, (data: any) => void>, onOpen?: () => void): () => void {
  const source = new EventSource(url, { withCredentials: true });
  for (const [name, handler] of Object.entries(handlers))
    source.addEventListener(name, (e) => handler(JSON.parse((e as MessageEvent).data)));
  if (onOpen) source.addEventListener("open", onOpen);
  return () => source.close();
}
