package io.dpsbatch.dps;

import java.net.URI;

/**
 * One DPS request before it is signed: it is signed anew every time it is sent.
 *
 * @param call which call it is
 * @param uri where it goes
 * @param body the JSON body, or {@code null} for none
 */
record DpsRequest(DpsCall call, URI uri, String body) {
}
