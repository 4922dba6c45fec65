package io.zeta.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.zeta.cluster.storage.AlreadyExistsException;
import io.zeta.cluster.storage.HadoopStorage;
import io.zeta.testing.MiniHdfs;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one guarantee every Zeta lock rests on: of several clients creating the same file at the
 * same moment, exactly one succeeds, on the local filesystem as on HDFS.
 */
class ExclusiveCreateTest {
  static final int CLIENTS = 8;

  @TempDir
  Path tmp;

  @Test
  void exactlyOneWinsOnTheLocalFilesystem() throws Exception {
    race(tmp.toUri(), 200);
  }

  @Test
  void exactlyOneWinsOnHdfs() throws Exception {
    race(MiniHdfs.shared().uri("/exclusive"), 20);
  }

  void race(URI root, int rounds) throws Exception {
    List<HadoopStorage> clients = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      clients.add(HadoopStorage.open(root));
    }
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    try {
      for (int round = 0; round < rounds; round++) {
        String path = "/race/lock" + round;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> tries = new ArrayList<>();
        for (HadoopStorage client : clients) {
          String me = "client" + clients.indexOf(client);
          tries.add(pool.submit(() -> {
            go.await();
            try {
              client.createExclusive(path, me.getBytes(StandardCharsets.UTF_8));
              return true;
            } catch (AlreadyExistsException lost) {
              return false;
            }
          }));
        }
        go.countDown();
        int winners = 0;
        for (Future<Boolean> t : tries) {
          winners += t.get() ? 1 : 0;
        }
        assertThat(winners).as("winners of round " + round).isEqualTo(1);
        String content = new String(clients.get(0).read(path), StandardCharsets.UTF_8);
        assertThat(content).startsWith("client");
      }
    } finally {
      pool.shutdown();
      for (HadoopStorage c : clients) {
        c.close();
      }
    }
  }
}
