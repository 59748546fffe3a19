package io.dpsbatch.keys;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.IntConsumer;

/**
 * Where each registration ID's row starts in a keys file, and nothing else: one
 * {@code long} per row, the 32-bit hash of the lower-cased ID in the high half and the
 * row's byte offset in the low half, sorted. A lookup finds the rows whose ID has the
 * same hash (binary search) and reads them from the file, so memory is 8 bytes a device
 * whatever the keys: 8 MB for DPS's limit of 1,000,000 individual enrollments. The file
 * must therefore be under 4 GiB, far more than a million rows need (about 200 bytes
 * each).
 */
final class OffsetIndex {

	static final long MAX_OFFSET = 0xFFFF_FFFFL;

	private long[] entries = new long[1024];

	private int size;

	private boolean sorted;

	/**
	 * DPS registration IDs are case-insensitive, so the hash is of the lower-cased ID.
	 */
	static int hash(String registrationId) {
		return registrationId.toLowerCase(Locale.ROOT).hashCode();
	}

	void add(String registrationId, long offset) {
		if (offset < 0 || offset > MAX_OFFSET) {
			throw new IllegalArgumentException("offset out of range: " + offset);
		}
		if (this.size == this.entries.length) {
			this.entries = Arrays.copyOf(this.entries, this.entries.length * 2);
		}
		this.entries[this.size++] = entry(hash(registrationId), offset);
	}

	/** Sorts and trims the index; call once, after the last {@link #add}. */
	void seal() {
		this.entries = Arrays.copyOf(this.entries, this.size);
		Arrays.sort(this.entries);
		this.sorted = true;
	}

	int size() {
		return this.size;
	}

	/** The bytes of the index's array: what the keys of a file cost in memory. */
	long bytes() {
		return (long) this.entries.length * Long.BYTES;
	}

	/**
	 * Calls {@code offsets} with the offset of every row whose ID has the hash of
	 * {@code registrationId}.
	 */
	void candidates(String registrationId, OffsetConsumer offsets) {
		check();
		int hash = hash(registrationId);
		for (int i = lowerBound(hash); i < this.size && hashOf(this.entries[i]) == hash; i++) {
			if (offsets.accept(offsetOf(this.entries[i]))) {
				return;
			}
		}
	}

	/**
	 * Calls {@code runStarts} with the first position of every run of two or more rows
	 * sharing a hash.
	 */
	void sharedHashes(IntConsumer runStarts) {
		check();
		for (int i = 0; i + 1 < this.size; i++) {
			if (hashOf(this.entries[i]) == hashOf(this.entries[i + 1])
					&& (i == 0 || hashOf(this.entries[i - 1]) != hashOf(this.entries[i]))) {
				runStarts.accept(i);
			}
		}
	}

	/** The offsets of the run of equal hashes starting at {@code start}. */
	long[] run(int start) {
		int end = start;
		while (end < this.size && hashOf(this.entries[end]) == hashOf(this.entries[start])) {
			end++;
		}
		long[] offsets = new long[end - start];
		for (int i = start; i < end; i++) {
			offsets[i - start] = offsetOf(this.entries[i]);
		}
		return offsets;
	}

	private int lowerBound(int hash) {
		long target = entry(hash, 0);
		int low = 0;
		int high = this.size;
		while (low < high) {
			int middle = (low + high) >>> 1;
			if (this.entries[middle] < target) {
				low = middle + 1;
			}
			else {
				high = middle;
			}
		}
		return low;
	}

	private void check() {
		if (!this.sorted) {
			throw new IllegalStateException("the index is not sealed");
		}
	}

	// the low half holds an unsigned offset, so entries of one hash sort by offset and
	// all sort by hash
	private static long entry(int hash, long offset) {
		return ((long) hash << 32) | offset;
	}

	private static int hashOf(long entry) {
		return (int) (entry >> 32);
	}

	private static long offsetOf(long entry) {
		return entry & MAX_OFFSET;
	}

	/** Receives candidate offsets; returns true to stop. */
	@FunctionalInterface
	interface OffsetConsumer {

		boolean accept(long offset);

	}

}
