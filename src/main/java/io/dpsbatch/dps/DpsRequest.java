package io.dpsbatch.dps;

import java.net.URI;

/**
 * One DPS request before it is signed: it is signed anew every time it is sent.
 *
 * @param call which call it is
 * @param uri where it goes
 * @param body the JSON body, or {@code null} for none
 * @param idScope the ID scope of the DPS instance it goes to, which the SAS token's
 * resource names
 */
record DpsRequest(DpsCall call, URI uri, String body, String idScope) {
}
