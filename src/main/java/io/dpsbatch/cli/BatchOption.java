package io.dpsbatch.cli;

import picocli.CommandLine.Option;

/**
 * {@code --batch NAME}, the batch a command works on. It is a picocli argument group
 * rather than a mixin because the command that uses it chooses whether it is required:
 * {@code multiplicity = "1"} makes it required, {@code "0..1"} optional (the field is
 * then {@code null} when it is not given). Each command's description of it is
 * {@code dps-batch.<command>.batch} in {@code options.properties}.
 */
class BatchOption {

	@Option(names = "--batch", paramLabel = "NAME", required = true, descriptionKey = "batch")
	String name;

	/** The name, refused unless it is a valid batch name ({@link BatchNames#check}). */
	String checked() {
		return BatchNames.check(this.name);
	}

}
