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
  private static final int BATCH = 64 * 1024;
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
  private final java.util.concurrent.atomic.AtomicBoolean finished = new java.util.concurrent.atomic.AtomicBoolean();

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
      // The client reads slower than events come: drop it rather than hold the backlog. Failing
      // the exchange closes the connection now, even with a write pending on a full socket.
      fail(new IOException("the client fell more than " + maxQueuedBytes + " bytes behind"));
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
    finish(cause);
  }

  /** Writes the queue, one write at a time (Jetty allows one pending write). */
  private final class Pump extends IteratingCallback {
    @Override
    protected Action process() {
      ByteBuffer next;
      boolean last = false;
      synchronized (JettyStream.this) {
        next = queue.poll();
        if (next != null && !queue.isEmpty() && queue.peek().remaining() < BATCH) {
          // Several waiting: one write (one system call) for up to 64 KiB of them.
          ByteBuffer batch = ByteBuffer.allocate((int) Math.min(queuedBytes, BATCH + next.remaining()));
          batch.put(next);
          while (!queue.isEmpty() && queue.peek().remaining() <= batch.remaining()) {
            batch.put(queue.poll());
          }
          next = batch.flip();
        }
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
      finish(null);
    }

    @Override
    protected void onCompleteFailure(Throwable cause) {
      finish(cause);
    }
  }

  /** Completes the exchange once, whoever comes first: the writes' end, a failure, an overflow. */
  private void finish(Throwable cause) {
    if (!finished.compareAndSet(false, true)) {
      return;
    }
    ended();
    if (cause == null) {
      done.succeeded();
    } else {
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
