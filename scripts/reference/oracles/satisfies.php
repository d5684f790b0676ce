<?php
// Asks Composer whether versions satisfy constraints (Semver::satisfies).
// Input lines: "r<TAB>constraint" or "s<TAB>constraint<TAB>version"; one answer per line.
require '/usr/share/php/Composer/Semver/autoload.php';
$parser = new Composer\Semver\VersionParser();
while (($line = fgets(STDIN)) !== false) {
    $fields = explode("\t", rtrim($line, "\n"));
    try {
        $parser->parseConstraints($fields[1]);
    } catch (Exception $e) {
        echo "invalid\n";
        continue;
    }
    if ($fields[0] === 'r') {
        echo "valid\n";
    } else {
        echo Composer\Semver\Semver::satisfies($fields[2], $fields[1]) ? "yes\n" : "no\n";
    }
}
