package io.dpsbatch.dps;

/**
 * What the DPS client has done so far in this run.
 *
 * @param registerCalls register calls (billable PUTs) that reached DPS
 * @param pollCalls operation polls that reached DPS
 * @param lookupCalls status lookups that reached DPS
 * @param throttledResponses HTTP 429 answers, to any call
 * @param throttledRegisterCalls HTTP 429 answers to register calls: the instance's quota
 * speaking
 * @param retries requests sent again after a 429, a 5xx, a timeout, a broken connection
 * or a broken body
 * @param usedSecondaryKey devices signed with the secondary group key: DPS refused the
 * primary for them, or had refused it for earlier devices of the run (rotation)
 * @param pacePerMinute the pace of register calls in force (lower than configured while
 * DPS throttles)
 */
public record DpsStatistics(long registerCalls, long pollCalls, long lookupCalls, long throttledResponses,
		long throttledRegisterCalls, long retries, long usedSecondaryKey, int pacePerMinute) {

	/**
	 * What the client did between {@code earlier} and these statistics: each count the
	 * difference, the pace the one in force now (a pace is a level, not a count).
	 */
	public DpsStatistics since(DpsStatistics earlier) {
		return new DpsStatistics(this.registerCalls - earlier.registerCalls, this.pollCalls - earlier.pollCalls,
				this.lookupCalls - earlier.lookupCalls, this.throttledResponses - earlier.throttledResponses,
				this.throttledRegisterCalls - earlier.throttledRegisterCalls, this.retries - earlier.retries,
				this.usedSecondaryKey - earlier.usedSecondaryKey, this.pacePerMinute);
	}

}
