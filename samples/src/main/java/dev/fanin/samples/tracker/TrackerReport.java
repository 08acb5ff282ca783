package dev.fanin.samples.tracker;

/**
 * What a tracker did before it stopped.
 *
 * @param pings the pings it received, every one sent before shutdown
 * @param batches the batches it wrote, the one written at shutdown included
 */
public record TrackerReport(long pings, int batches) {}
