package io.nearline.server.collect;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Segment-sized read buffers, reused: allocating a 16 MiB array per segment makes the garbage
 * collector run whole-heap cycles for nothing. Keeps at most {@code capacity} idle buffers.
 */
final class BufferPool {
  private final int capacity;
  private final Map<Integer, Queue<byte[]>> idle = new ConcurrentHashMap<>();
  private final AtomicInteger idleCount = new AtomicInteger();

  BufferPool(int capacity) {
    this.capacity = capacity;
  }

  byte[] take(long size) {
    byte[] b = idle.computeIfAbsent((int) size, k -> new ConcurrentLinkedQueue<>()).poll();
    if (b == null) {
      return new byte[(int) size];
    }
    idleCount.decrementAndGet();
    return b;
  }

  void give(byte[] buffer) {
    if (idleCount.incrementAndGet() <= capacity) {
      idle.computeIfAbsent(buffer.length, k -> new ConcurrentLinkedQueue<>()).add(buffer);
    } else {
      idleCount.decrementAndGet();
    }
  }
}
