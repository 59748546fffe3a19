package io.dpsbatch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The packages of the main code stay layered (cli, register, job, output and store, dps
 * and emulator, enrollment, then keys, text, manifest and exit): a cycle between two
 * packages would make neither understandable, testable or movable without the other, and
 * nothing else notices one coming in.
 */
class ArchitectureTests {

	private static final JavaClasses MAIN = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.dpsbatch");

	@Test
	void packagesAreFreeOfCycles() {
		slices().matching("io.dpsbatch.(*)..").should().beFreeOfCycles().check(MAIN);
	}

	@Test
	void keysManifestAndExitDependOnNoOtherPackageButExit() {
		for (String low : new String[] { "keys", "manifest", "exit" }) {
			classes().that()
				.resideInAPackage("io.dpsbatch." + low + "..")
				.should()
				.onlyDependOnClassesThat(resideOutsideOfPackage("io.dpsbatch..")
					.or(resideInAnyPackage("io.dpsbatch." + low + "..", "io.dpsbatch.exit..")))
				.check(MAIN);
		}
	}

}
