package io.dpsbatch.enrollment;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.dpsbatch.exit.UsageError;
import io.dpsbatch.keys.GroupKey;
import io.dpsbatch.keys.KeysFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static io.dpsbatch.keys.KeysFiles.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnrollmentsTests {

	@TempDir
	Path dir;

	private Enrollments loaded;

	@AfterEach
	void close() {
		if (this.loaded != null) {
			this.loaded.close();
		}
	}

	/**
	 * Binds {@code name=value} pairs of {@code dps.*} properties (without the prefix) as
	 * Spring Boot would.
	 */
	private Enrollments load(String... properties) {
		Map<String, String> map = new HashMap<>();
		// the default of DpsProperties, which binds the default enrollment's settings
		map.put("dps.global-endpoint", "https://global.azure-devices-provisioning.net");
		for (String property : properties) {
			int equals = property.indexOf('=');
			map.put("dps." + property.substring(0, equals), property.substring(equals + 1));
		}
		Binder binder = new Binder(new MapConfigurationPropertySource(map));
		this.loaded = Enrollments.load(binder.bindOrCreate("dps", Bindable.of(DefaultEnrollmentSettings.class)),
				binder.bindOrCreate("dps", Bindable.of(EnrollmentProperties.class)));
		return this.loaded;
	}

	private String refusal(String... properties) {
		// the keys files' problems come from the keys package, the others from this one:
		// exit 64 alike
		return assertThatThrownBy(() -> load(properties)).isInstanceOf(UsageError.class).actual().getMessage();
	}

	private Path keysFile(String content) {
		return KeysFiles.write(this.dir.resolve("individual-" + content.hashCode() + ".csv"), content);
	}

	/**
	 * Two groups in two instances (one shared with the default group) and a set of
	 * individual enrollments.
	 */
	private Enrollments mixed() {
		Path individual = keysFile("dev-i1," + key(11) + "," + key(12) + "\ndev-i2," + key(13) + "\n");
		return load("id-scope=0ne00AAAAAA", "group-key=" + key(1), "enrollments.line-a.group-key=" + key(2),
				"enrollments.line-a.secondary-group-key=" + key(3), "enrollments.Line-B.group-key=" + key(4),
				"enrollments.Line-B.id-scope=0ne00BBBBBB", "enrollments.Line-B.global-endpoint=https://dps.example.com",
				"enrollments.singles.individual-keys-file=" + individual);
	}

	@Test
	void aRowPicksItsEnrollmentByNameWithoutRegardToCaseOrSpacesAndNoNameIsTheDefault() {
		Enrollments enrollments = mixed();

		assertThat(enrollments.choose(null, "dev-1").enrollment().isDefault()).isTrue();
		assertThat(enrollments.choose("  ", "dev-1").enrollment().isDefault()).isTrue();
		assertThat(enrollments.choose("LINE-A", "dev-1").enrollment().name()).isEqualTo("line-a");
		assertThat(enrollments.choose(" line-b ", "dev-1").enrollment().name()).isEqualTo("line-b");
		assertThat(enrollments.choose("Singles", "DEV-I2").enrollment().kind()).isEqualTo(Enrollment.Kind.INDIVIDUAL);
		assertThat(enrollments.all()).extracting(Enrollment::name).containsExactly("", "line-a", "line-b", "singles");
	}

	@Test
	void idScopeAndEndpointDefaultToTheTopLevelOnesAndEnrollmentsOfOneInstanceShareIt() {
		Enrollments enrollments = mixed();

		Enrollment lineA = enrollments.find("line-a").orElseThrow();
		assertThat(lineA.idScope()).isEqualTo("0ne00AAAAAA");
		assertThat(lineA.globalEndpoint()).hasToString("https://global.azure-devices-provisioning.net");
		Enrollment lineB = enrollments.find("LINE-B").orElseThrow();
		assertThat(lineB.idScope()).isEqualTo("0ne00BBBBBB");
		assertThat(lineB.globalEndpoint()).hasToString("https://dps.example.com");
		Map<String, List<Enrollment>> byInstance = enrollments.all()
			.stream()
			.collect(Collectors.groupingBy(Enrollment::instance, LinkedHashMap::new, Collectors.toList()));
		assertThat(byInstance).containsOnlyKeys("global.azure-devices-provisioning.net/0ne00aaaaaa",
				"dps.example.com/0ne00bbbbbb");
		assertThat(byInstance.get("global.azure-devices-provisioning.net/0ne00aaaaaa")).extracting(Enrollment::name)
			.containsExactly("", "line-a", "singles");
	}

	@Test
	void aGroupDerivesEachDevicesKeysAndIndividualEnrollmentsReadTheirOwn() {
		Enrollments enrollments = mixed();

		SigningKeys group = enrollments.find("line-a").orElseThrow().keysFor("dev-7").orElseThrow();
		assertThat(group.primary()).isEqualTo(GroupKey.fromBase64(key(2)).deriveDeviceKey("dev-7"));
		assertThat(group.secondary()).isEqualTo(GroupKey.fromBase64(key(3)).deriveDeviceKey("dev-7"));
		assertThat(enrollments.find("").orElseThrow().keysFor("dev-7").orElseThrow().hasSecondary()).isFalse();
		Enrollment singles = enrollments.find("singles").orElseThrow();
		SigningKeys own = singles.keysFor("dev-i1").orElseThrow();
		assertThat(own.primary().toBase64()).isEqualTo(key(11));
		assertThat(own.secondary().toBase64()).isEqualTo(key(12));
		assertThat(singles.keysFor("dev-x")).isEmpty();
		assertThat(own.toString()).doesNotContain(key(11));
	}

	@Test
	void fingerprintsTellTheKeysApartWithoutShowingThem() {
		Enrollments enrollments = mixed();

		assertThat(enrollments.find("line-a").orElseThrow().fingerprints())
			.containsExactly(GroupKey.fromBase64(key(2)).fingerprint(), GroupKey.fromBase64(key(3)).fingerprint());
		Enrollment singles = enrollments.find("singles").orElseThrow();
		assertThat(singles.fingerprints()).containsExactly(singles.individualKeys().fingerprint());
		assertThat(String.join(",", singles.fingerprints())).doesNotContain(key(11));
	}

	@Test
	void rowsThatCannotBeRegisteredGetAReasonAPersonUnderstands() {
		Enrollments enrollments = mixed();

		EnrollmentChoice unknown = enrollments.choose("line-x", "dev-1");
		assertThat(unknown.accepted()).isFalse();
		assertThat(unknown.rejectReason())
			.isEqualTo("enrollment 'line-x' is not configured (configured: line-a, line-b, singles)");
		assertThat(enrollments.choose("singles", "dev-9").rejectReason())
			.isEqualTo("no key for device 'dev-9' in the individual keys file of enrollment 'singles' ("
					+ enrollments.find("singles").orElseThrow().individualKeys().file() + ")");
	}

	@Test
	void withoutADefaultEnrollmentARowMustNameOne() {
		Enrollments enrollments = load("id-scope=0ne00AAAAAA", "enrollments.line-a.group-key=" + key(2));

		assertThat(enrollments.find("")).isEmpty();
		assertThat(enrollments.choose("", "dev-1").rejectReason()).isEqualTo("the row names no enrollment and no "
				+ "default enrollment is configured (dps.group-key or dps.individual-keys-file); configured: line-a");
	}

	@Test
	void theDefaultEnrollmentMayBeIndividualEnrollments() {
		Path file = keysFile("dev-1," + key(21) + "\n");
		Enrollments enrollments = load("id-scope=0ne00AAAAAA", "individual-keys-file=" + file);

		Enrollment only = enrollments.choose(null, "DEV-1").enrollment();
		assertThat(only.kind()).isEqualTo(Enrollment.Kind.INDIVIDUAL);
		assertThat(only.keysFor("dev-1").orElseThrow().primary().toBase64()).isEqualTo(key(21));
		assertThat(enrollments.choose(null, "dev-2").rejectReason())
			.startsWith("no key for device 'dev-2' in the individual keys file of the default enrollment (");
	}

	@Test
	void anEnrollmentIsAGroupOrIndividualEnrollmentsNeverBothOrNeither() {
		Path file = keysFile("dev-1," + key(21) + "\n");
		assertThat(refusal("id-scope=s1", "enrollments.a.group-key=" + key(1),
				"enrollments.a.individual-keys-file=" + file))
			.isEqualTo("dps.enrollments.a has both a group key and an individual-keys-file: an enrollment is a group or"
					+ " individual enrollments, set only one of them");
		assertThat(refusal("id-scope=s1", "enrollments.a.id-scope=s2"))
			.isEqualTo("dps.enrollments.a has no keys: set group-key, group-key-file (a group) or individual-keys-file"
					+ " (individual enrollments)");
		assertThat(refusal("id-scope=s1", "group-key-file=/k", "individual-keys-file=" + file))
			.startsWith("both dps.group-key (or -file) and dps.individual-keys-file are set");
		assertThat(refusal("id-scope=s1", "enrollments.a.individual-keys-file=" + file,
				"enrollments.a.secondary-group-key=" + key(3)))
			.startsWith("dps.enrollments.a.secondary-group-key (or -file) is set without dps.enrollments.a.group-key");
	}

	@Test
	void namesIDScopesAndEndpointsAreChecked() {
		assertThat(refusal("id-scope=s1", "enrollments.[line b].group-key=" + key(1)))
			.startsWith("dps.enrollments.line b: an enrollment name is 1 to 64 letters");
		assertThat(refusal("enrollments.a.group-key=" + key(1))).isEqualTo("dps.id-scope (the default of "
				+ "dps.enrollments.a.id-scope) is not set: set it to the ID scope shown on the overview page of the DPS instance");
		assertThat(refusal("id-scope=s1", "enrollments.a.group-key=" + key(1), "enrollments.a.id-scope=0ne/1"))
			.isEqualTo("dps.enrollments.a.id-scope must be letters and digits, like 0ne00XXXXXX");
		assertThat(refusal("id-scope=s1", "enrollments.a.group-key=" + key(1),
				"enrollments.a.global-endpoint=http://dps.example.com"))
			.startsWith("dps.enrollments.a.global-endpoint must be an https:// URL");
		assertThat(refusal()).startsWith("no enrollment group key: set DPS_GROUP_KEY");
	}

	@Test
	void twoNamesDifferingOnlyByCaseAreOneNameGivenTwice() {
		Map<String, EnrollmentProperties.NamedEnrollment> named = new LinkedHashMap<>();
		named.put("Line-A", new EnrollmentProperties.NamedEnrollment(null, null, key(1), null, null, null, null));
		named.put("line-a", new EnrollmentProperties.NamedEnrollment(null, null, key(2), null, null, null, null));
		DefaultEnrollmentSettings dps = new DefaultEnrollmentSettings("s1",
				URI.create("https://global.azure-devices-provisioning.net"), null, null, null, null);

		assertThatExceptionOfType(EnrollmentConfigurationException.class)
			.isThrownBy(() -> Enrollments.load(dps, new EnrollmentProperties(named, null)))
			.withMessage("dps.enrollments has 'Line-A' and 'line-a': enrollment names are matched without regard to"
					+ " case, so they name one enrollment twice");
	}

	@Test
	void anUnusableKeyOrKeysFileStopsTheLoadWithoutShowingAKey() throws Exception {
		String bad = key(1).replace('A', '!');
		String message = refusal("id-scope=s1", "enrollments.a.group-key=" + bad);
		assertThat(message)
			.isEqualTo("the enrollment group key from dps.enrollments.a.group-key is unusable: the group"
					+ " key is not valid base64")
			.doesNotContain(bad);
		Path open = keysFile("dev-1," + key(21) + "\n");
		Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
		assertThat(refusal("id-scope=s1", "enrollments.a.individual-keys-file=" + open))
			.startsWith("dps.enrollments.a.individual-keys-file " + open + " is open to other users (rw-r--r--)");
	}

	@Test
	void propertiesNeverShowAKey() {
		EnrollmentProperties.NamedEnrollment named = new EnrollmentProperties.NamedEnrollment("s1", null, key(1), null,
				key(2), null, null);
		assertThat(named.toString()).doesNotContain(key(1)).doesNotContain(key(2)).contains("groupKey=[hidden]");
		DefaultEnrollmentSettings defaults = new DefaultEnrollmentSettings("s1", null, key(1), null, key(2), null);
		assertThat(defaults.toString()).doesNotContain(key(1)).doesNotContain(key(2)).contains("groupKey=[hidden]");
		assertThat(List.of(mixed().all().toString())).allSatisfy((text) -> assertThat(text).doesNotContain(key(2)));
	}

}
