package io.dpsbatch.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.dpsbatch.enrollment.EnrollmentKeysLoader;
import io.dpsbatch.keys.GroupKey;
import io.dpsbatch.manifest.RegistrationIdRules;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "derive-key", mixinStandardHelpOptions = true,
		description = { "Prints 'registrationId,deviceKey' lines: each device key derived from the enrollment group "
				+ "key (HMAC-SHA256 of the registration ID). IDs come from --registration-id, or one per line on "
				+ "standard input." })
class DeriveKeyCommand extends Subcommand {

	@Option(names = "--registration-id", paramLabel = "ID", arity = "1..*", description = "registration ID(s)")
	List<String> registrationIds = new ArrayList<>();

	@Option(names = "--secondary", description = "derive from the secondary group key")
	boolean secondary;

	@Override
	public Integer call() throws Exception {
		List<String> ids = new ArrayList<>(this.registrationIds);
		if (ids.isEmpty()) {
			BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
			for (String line = in.readLine(); line != null; line = in.readLine()) {
				if (!line.isBlank()) {
					ids.add(line.strip());
				}
			}
		}
		if (ids.isEmpty()) {
			throw new UsageException(
					"no registration ID given: use --registration-id ID or pass IDs on standard input");
		}
		List<String> problems = new ArrayList<>();
		for (String id : ids) {
			RegistrationIdRules.problemWith(id).ifPresent((problem) -> problems.add("'" + id + "': " + problem));
		}
		if (!problems.isEmpty()) {
			throw new UsageException(String.join("; ", problems));
		}
		return this.contexts.withConfigurationOnly((settings) -> {
			var keys = EnrollmentKeysLoader.load(settings.dps().defaultEnrollment());
			GroupKey groupKey = this.secondary ? keys.secondary() : keys.primary();
			if (groupKey == null) {
				throw new UsageException("no secondary group key configured (dps.secondary-group-key or "
						+ "dps.secondary-group-key-file)");
			}
			for (String id : ids) {
				this.out.println(id + "," + groupKey.deriveDeviceKey(id).toBase64());
			}
			this.out.flush();
			return ExitCodes.OK;
		});
	}

}
