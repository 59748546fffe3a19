package io.dpsbatch.dps;

/**
 * What the DPS client has done so far in this run.
 *
 * @param registerCalls register calls (billable PUTs) that reached DPS
 * @param pollCalls operation polls that reached DPS
 * @param lookupCalls status lookups that reached DPS
 * @param throttledResponses HTTP 429 answers, to any call
 * @param retries requests sent again after a 429, a 5xx, a timeout, a broken connection or a broken body
 * @param usedSecondaryKey devices for which DPS refused the primary group key and the secondary was used
 * @param pacePerMinute the pace of register calls in force (lower than configured while DPS throttles)
 */
public record DpsStatistics(long registerCalls, long pollCalls, long lookupCalls, long throttledResponses,
		long retries, long usedSecondaryKey, int pacePerMinute) {
}
