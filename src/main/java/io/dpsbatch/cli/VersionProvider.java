package io.dpsbatch.cli;

import picocli.CommandLine;

/** The version of the jar, as Maven wrote it into the manifest. */
class VersionProvider implements CommandLine.IVersionProvider {

	@Override
	public String[] getVersion() {
		String version = Cli.class.getPackage().getImplementationVersion();
		return new String[] { "dps-batch " + ((version != null) ? version : "(development build)") };
	}

}
