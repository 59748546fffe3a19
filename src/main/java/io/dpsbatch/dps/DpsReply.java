package io.dpsbatch.dps;

import java.net.http.HttpHeaders;

/** What DPS answered to one request. */
record DpsReply(int status, HttpHeaders headers, String body) {

	boolean isSuccess() {
		return this.status >= 200 && this.status < 300;
	}

}
