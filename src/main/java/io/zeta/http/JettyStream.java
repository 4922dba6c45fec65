package io.zeta.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.IteratingCallback;

/**
 * A {@link ResponseStream} over a Jetty response: queued buffers written one at a time (Jetty
 * allows one pending write), never blocking the sender. Jetty's {@link IteratingCallback} serializes the
 * writes and avoids recursion when a write completes at once.
 */
final class JettyStream implements ResponseStream {
  private final Pump pump = new Pump();
  private final Request request;
  private final org.eclipse.jetty.server.Response response;
  private final Callback done;
  private final int maxQueuedBytes;
  private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
  private final List<Runnable> closeListeners = new ArrayList<>();
  private long queuedBytes;
  private boolean opened;
  private boolean closing;
  private boolean lastWritten;
  private volatile boolean ended;

  JettyStream(Request request, org.eclipse.jetty.server.Response response, Callback done, int maxQueuedBytes) {
    this.request = request;
    this.response = response;
    this.done = done;
    this.maxQueuedBytes = maxQueuedBytes;
  }

  @Override
  public Request request() {
    return request;
  }

  @Override
  public void open(int status, String contentType, Map<String, String> headers) {
    synchronized (this) {
      if (opened) {
        throw new IllegalStateException("the stream is already open");
      }
      opened = true;
      response.setStatus(status);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
      // Proxies must not buffer an event stream.
      response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache, no-store");
      headers.forEach((k, v) -> response.getHeaders().put(k, v));
      // An empty first write sends the head now, so that the client sees the stream open.
      queue.add(BufferUtil.EMPTY_BUFFER);
    }
    pump.iterate();
  }

  synchronized boolean opened() {
    return opened;
  }

  @Override
  public boolean send(byte[] bytes) {
    boolean overflow;
    synchronized (this) {
      if (!opened) {
        throw new IllegalStateException("open the stream before sending");
      }
      if (closing || ended) {
        return false;
      }
      overflow = queuedBytes + bytes.length > maxQueuedBytes;
      if (!overflow) {
        queue.add(ByteBuffer.wrap(bytes));
        queuedBytes += bytes.length;
      }
    }
    if (overflow) {
      // The client reads slower than events come: drop it rather than hold the backlog.
      pump.abort(new IOException("the client fell more than " + maxQueuedBytes + " bytes behind"));
      return false;
    }
    pump.iterate();
    return true;
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closing) {
        return;
      }
      closing = true;
    }
    pump.iterate();
  }

  @Override
  public boolean isOpen() {
    return !ended && !closingNow();
  }

  private synchronized boolean closingNow() {
    return closing;
  }

  @Override
  public void onClose(Runnable listener) {
    synchronized (closeListeners) {
      if (!ended) {
        closeListeners.add(listener);
        return;
      }
    }
    listener.run();
  }

  /** The client went away or the server stops. */
  void fail(Throwable cause) {
    pump.abort(cause);
  }

  /** Writes the queue, one buffer at a time. */
  private final class Pump extends IteratingCallback {
    @Override
    protected Action process() {
      ByteBuffer next;
      boolean last = false;
      synchronized (JettyStream.this) {
        next = queue.poll();
        if (next != null) {
          queuedBytes -= next.remaining();
        } else if (closing && !lastWritten) {
          lastWritten = true;
          last = true;
          next = BufferUtil.EMPTY_BUFFER;
        } else if (lastWritten) {
          return Action.SUCCEEDED;
        } else {
          return Action.IDLE;
        }
      }
      response.write(last, next, this);
      return Action.SCHEDULED;
    }

    @Override
    protected void onCompleteSuccess() {
      ended();
      done.succeeded();
    }

    @Override
    protected void onCompleteFailure(Throwable cause) {
      ended();
      done.failed(cause);
    }
  }

  private void ended() {
    List<Runnable> listeners;
    synchronized (closeListeners) {
      ended = true;
      listeners = List.copyOf(closeListeners);
      closeListeners.clear();
    }
    for (Runnable r : listeners) {
      try {
        r.run();
      } catch (RuntimeException e) {
        // A listener's failure must not keep the others from running.
      }
    }
  }
}
