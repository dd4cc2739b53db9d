import { useEffect, useRef, useState } from 'react';
import { reconnectDelayMs } from './reconnect-delay.js';

export type EventStreamHandlers = {
  /** Each event of the named type, with its data. */
  onEvent(data: string): void;
  /**
   * The browser gave up reconnecting (the server answered 401, 429 or 5xx), or the tab was shown again
   * after the stream was closed while hidden: read once through the ordinary client.
   */
  onMissed(): void;
};

/**
 * Keeps an EventSource on `url` open while the tab is visible (closed while hidden: no connection held,
 * no session kept alive by a tab nobody looks at). The browser reconnects a dropped stream itself; when it
 * gives up the hook opens it again after a growing pause. Returns whether the stream is open.
 */
export function useEventStream(url: string, eventName: string, handlers: EventStreamHandlers): boolean {
  const [isLive, setLive] = useState(false);
  const latest = useRef(handlers);
  latest.current = handlers;

  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    let source: EventSource | undefined;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    let isStopped = false;

    const onEvent = (event: MessageEvent) => {
      failures = 0;
      setLive(true);
      latest.current.onEvent(String(event.data));
    };
    const close = () => {
      source?.removeEventListener(eventName, onEvent);
      source?.close();
      source = undefined;
      if (retryTimer !== undefined) clearTimeout(retryTimer);
      retryTimer = undefined;
      setLive(false);
    };
    const open = () => {
      if (isStopped || source) return;
      const current = new EventSource(url, { withCredentials: true });
      source = current;
      current.addEventListener(eventName, onEvent);
      current.onopen = () => {
        failures = 0;
        setLive(true);
      };
      current.onerror = () => {
        setLive(false);
        if (current.readyState !== EventSource.CLOSED) return;
        close();
        latest.current.onMissed();
        retryTimer = setTimeout(open, reconnectDelayMs(failures));
        failures += 1;
      };
    };
    const onVisibilityChange = () => {
      if (document.visibilityState === 'hidden') {
        close();
      } else {
        failures = 0;
        latest.current.onMissed();
        open();
      }
    };
    if (document.visibilityState !== 'hidden') open();
    document.addEventListener('visibilitychange', onVisibilityChange);
    return () => {
      isStopped = true;
      document.removeEventListener('visibilitychange', onVisibilityChange);
      close();
    };
  }, [url, eventName]);

  return isLive;
}
