package io.dpsbatch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every relative link of README.md and docs/ leads to a file that exists and, with an
 * anchor, to a heading of that page, and so does every {@code docs/….md#anchor} that
 * code, benchmark or build files mention: a page renamed or a heading reworded fails the
 * build instead of leaving readers at a dead end. Anchors follow GitHub's rules: the
 * heading's text in lower case, punctuation other than {@code -} and {@code _} dropped,
 * spaces turned into {@code -}, and {@code -1}, {@code -2} ... appended to repeated
 * headings.
 */
class DocumentationLinksTests {

	private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*]\\(<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\)");

	private static final Pattern MENTION = Pattern.compile("(?<![\\w./-])docs/[\\w./-]+\\.md(?:#[\\w-]+)?");

	private static final Pattern HEADING = Pattern.compile("^ {0,3}#{1,6}\\s+(.*?)(?:\\s+#+)?\\s*$");

	private static final Pattern INLINE_CODE = Pattern.compile("`[^`]*`");

	private static final Pattern LINK_TEXT = Pattern.compile("!?\\[([^\\]]*)]\\([^)]*\\)");

	@Test
	void everyLinkOfTheRepositoryResolves() {
		assertThat(brokenLinks(Path.of("").toAbsolutePath())).isEmpty();
	}

	@Test
	void reportsAMissingFileAndAMissingHeadingWithFileAndLine(@TempDir Path root) throws IOException {
		// DOCS/ stands for the folder, so that this file mentions no page that the check
		// would look for
		write(root.resolve("DOCS/guide.md"), "# Guide\n\n## Retry-After\n\n```sh\n# not a heading\n```\n"
				+ "[up](../README.md#the-tool) [here](#retry-after) [code](#not-a-heading) `[x](nowhere.md)`\n");
		write(root.resolve("README.md"), "# The tool\n\n![shot](DOCS/shot.png) [web](https://example.com/x.md)\n"
				+ "[guide](DOCS/guide.md#retry-after) [gone](DOCS/gone.md)\n");
		write(root.resolve("src/main/java/A.java"),
				"class A {\n\t// DOCS/guide.md#retry-after, DOCS/guide.md#guide-1\n}\n");
		write(root.resolve("pom.xml"), "<!-- DOCS/guide.md -->\n");

		assertThat(brokenLinks(root)).containsExactly(docs("README.md:3: DOCS/shot.png (no such file)"),
				docs("README.md:4: DOCS/gone.md (no such file)"),
				docs("DOCS/guide.md:8: #not-a-heading (no such heading)"),
				docs("src/main/java/A.java:2: DOCS/guide.md#guide-1 (no such heading)"));
	}

	@Test
	void anchorsFollowGitHubsRules() {
		assertThat(anchors(List.of("# Retry-After", "## Why the register step is a tasklet", "## `emulator.*` & more",
				"### [DPS facts](dps.md), in_short", "## Notes", "## Notes ##", "## Notes")))
			.containsExactly("retry-after", "why-the-register-step-is-a-tasklet", "emulator--more",
					"dps-facts-in_short", "notes", "notes-1", "notes-2");
	}

	/**
	 * The broken links and mentions under {@code root}, each as
	 * {@code file:line: target (reason)}.
	 */
	static List<String> brokenLinks(Path root) {
		List<String> broken = new ArrayList<>();
		Map<Path, Set<String>> anchorsByPage = new HashMap<>();
		for (Path file : files(root, "README.md", "docs")) {
			if (file.toString().endsWith(".md")) {
				check(root, file, LINK, 1, file.getParent(), broken, anchorsByPage);
			}
		}
		for (Path file : files(root, "src", "bench", "pom.xml", "config", ".ci", "dps-batch", "sample-data")) {
			if (!file.startsWith(root.resolve("src")) || file.toString().endsWith(".java")) {
				check(root, file, MENTION, 0, root, broken, anchorsByPage);
			}
		}
		return broken;
	}

	private static void check(Path root, Path file, Pattern pattern, int group, Path base, List<String> broken,
			Map<Path, Set<String>> anchorsByPage) {
		List<String> lines = lines(file);
		boolean markdown = group > 0;
		boolean fenced = false;
		for (int i = 0; i < lines.size(); i++) {
			String line = lines.get(i);
			if (markdown && line.stripLeading().startsWith("```")) {
				fenced = !fenced;
			}
			if (fenced) {
				continue;
			}
			Matcher matcher = pattern.matcher(markdown ? INLINE_CODE.matcher(line).replaceAll("") : line);
			while (matcher.find()) {
				String target = matcher.group(group);
				String problem = problem(target, file, base, anchorsByPage);
				if (problem != null) {
					broken.add(root.relativize(file).toString().replace('\\', '/') + ":" + (i + 1) + ": " + target
							+ " (" + problem + ")");
				}
			}
		}
	}

	private static String problem(String target, Path file, Path base, Map<Path, Set<String>> anchorsByPage) {
		if (target.matches("(?i)(https?|mailto):.*")) {
			return null;
		}
		int hash = target.indexOf('#');
		String path = (hash < 0) ? target : target.substring(0, hash);
		Path page = path.isEmpty() ? file : base.resolve(path).normalize();
		if (!Files.exists(page)) {
			return "no such file";
		}
		if (hash < 0 || !page.toString().endsWith(".md")) {
			return null;
		}
		Set<String> anchors = anchorsByPage.computeIfAbsent(page, (p) -> anchors(lines(p)));
		return anchors.contains(target.substring(hash + 1)) ? null : "no such heading";
	}

	/** The anchors GitHub gives the headings of a Markdown page, in order. */
	static Set<String> anchors(List<String> lines) {
		Set<String> anchors = new LinkedHashSet<>();
		Map<String, Integer> repeats = new HashMap<>();
		boolean fenced = false;
		for (String line : lines) {
			fenced ^= line.stripLeading().startsWith("```");
			Matcher heading = HEADING.matcher(line);
			if (!fenced && heading.matches()) {
				String text = LINK_TEXT.matcher(heading.group(1)).replaceAll("$1");
				String slug = text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}\\s_-]", "").replace(' ', '-');
				int seen = repeats.merge(slug, 1, Integer::sum) - 1;
				anchors.add((seen == 0) ? slug : slug + "-" + seen);
			}
		}
		return anchors;
	}

	private static List<Path> files(Path root, String... names) {
		List<Path> files = new ArrayList<>();
		for (String name : names) {
			Path start = root.resolve(name);
			if (Files.exists(start)) {
				try (Stream<Path> tree = Files.walk(start)) {
					tree.filter(Files::isRegularFile).sorted().forEach(files::add);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			}
		}
		return files;
	}

	private static List<String> lines(Path file) {
		try {
			return List.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\n", -1));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void write(Path file, String text) throws IOException {
		Path path = Path.of(docs(file.toString()));
		Files.createDirectories(path.getParent());
		Files.writeString(path, docs(text));
	}

	private static String docs(String text) {
		return text.replace("DOCS/", "docs/");
	}

}
