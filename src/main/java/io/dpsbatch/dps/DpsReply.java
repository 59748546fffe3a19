package io.dpsbatch.dps;

import java.net.http.HttpHeaders;

/**
 * What DPS answered to one request: headers looked up without regard to case, the body as
 * text.
 *
 * @param status the HTTP status
 * @param headers the headers
 * @param body the body, empty when there was none
 */
public record DpsReply(int status, HttpHeaders headers, String body) {

	public boolean isSuccess() {
		return this.status >= 200 && this.status < 300;
	}

}
