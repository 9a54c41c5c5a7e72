package io.creditlake.jobs.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;

/**
 * Measures one step at a time: wall time, the driver JVM's peak heap in use (sampled every 50 ms;
 * in local mode the executors share that heap), and what Spark's tasks spilled and shuffled,
 * summed from their metrics by a listener. Not thread-safe across overlapping steps: the bench
 * runs its steps one after the other.
 */
final class StepMeter implements AutoCloseable {

  /** What one step cost. Bytes are summed over the step's tasks. */
  record Reading(long millis, long peakHeapBytes, long peakLiveBytes, long memorySpilledBytes, long diskSpilledBytes,
      long shuffleWrittenBytes, long inputBytes, long tasks) {}

  private final SparkSession spark;
  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final AtomicLong peak = new AtomicLong();
  private final AtomicLong peakLive = new AtomicLong();
  private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
  private volatile long collectionsAtStart;
  private final List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
      .filter(p -> p.getType() == MemoryType.HEAP && p.isCollectionUsageThresholdSupported()).toList();
  private final AtomicLong memorySpilled = new AtomicLong();
  private final AtomicLong diskSpilled = new AtomicLong();
  private final AtomicLong shuffleWritten = new AtomicLong();
  private final AtomicLong input = new AtomicLong();
  private final AtomicLong tasks = new AtomicLong();
  private final SparkListener listener = new SparkListener() {
    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
      TaskMetrics m = end.taskMetrics();
      if (m == null || !end.taskInfo().successful()) {
        return; // failed or killed attempts: their retry is counted
      }
      tasks.incrementAndGet();
      memorySpilled.addAndGet(m.memoryBytesSpilled());
      diskSpilled.addAndGet(m.diskBytesSpilled());
      shuffleWritten.addAndGet(m.shuffleWriteMetrics().bytesWritten());
      input.addAndGet(m.inputMetrics().bytesRead());
    }
  };
  private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "creditlake-bench-heap");
    t.setDaemon(true);
    return t;
  });

  StepMeter(SparkSession spark) {
    this.spark = spark;
    spark.sparkContext().addSparkListener(listener);
    sampler.scheduleAtFixedRate(this::sample, 0, 50, TimeUnit.MILLISECONDS);
  }

  /**
   * Heap in use (garbage included: it rises to the maximum before a collection) and heap live
   * after the latest collection of each pool — what a step really holds — once a collection has
   * happened during the step (before that, the figure would be the step before's).
   */
  private void sample() {
    peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
    if (collections() == collectionsAtStart) {
      return;
    }
    long live = 0;
    for (MemoryPoolMXBean p : heapPools) {
      MemoryUsage u = p.getCollectionUsage();
      live += u == null ? 0 : u.getUsed();
    }
    peakLive.accumulateAndGet(live, Math::max);
  }

  /** Runs {@code body} and returns its value with what it cost. */
  <T> Measured<T> measure(Supplier<T> body) {
    drain();
    peak.set(memory.getHeapMemoryUsage().getUsed());
    peakLive.set(0);
    collectionsAtStart = collections();
    long[] before = {memorySpilled.get(), diskSpilled.get(), shuffleWritten.get(), input.get(), tasks.get()};
    long t0 = System.nanoTime();
    T value = body.get();
    long millis = (System.nanoTime() - t0) / 1_000_000;
    drain();
    sample();
    return new Measured<>(value, new Reading(millis, peak.get(), peakLive.get(), memorySpilled.get() - before[0],
        diskSpilled.get() - before[1], shuffleWritten.get() - before[2], input.get() - before[3],
        tasks.get() - before[4]));
  }

  record Measured<T>(T value, Reading reading) {}

  private long collections() {
    long n = 0;
    for (GarbageCollectorMXBean c : collectors) {
      n += Math.max(0, c.getCollectionCount());
    }
    return n;
  }

  /** Task metrics arrive on Spark's listener bus after the job ends: wait for it to deliver them. */
  private void drain() {
    try {
      spark.sparkContext().listenerBus().waitUntilEmpty(60_000);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("Spark's listener bus did not drain in 60 s; the spill figures would be short", e);
    }
  }

  @Override
  public void close() {
    sampler.shutdownNow();
    spark.sparkContext().removeSparkListener(listener);
  }
}
