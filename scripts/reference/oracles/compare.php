<?php
// Asks Composer (VersionParser::normalize) and PHP (version_compare) about versions, as
// Composer's Semver::sort does: normalize, then version_compare.
// Input lines: "v<TAB>version" or "c<TAB>left<TAB>right"; output one answer per line.
require '/usr/share/php/Composer/Semver/autoload.php';
$parser = new Composer\Semver\VersionParser();
while (($line = fgets(STDIN)) !== false) {
    $fields = explode("\t", rtrim($line, "\n"));
    if ($fields[0] === 'v') {
        try {
            $normalized = $parser->normalize($fields[1]);
            echo (strpos($normalized, 'dev-') === 0 ? "invalid" : "valid"), "\n";
        } catch (Exception $e) {
            echo "invalid\n";
        }
    } else {
        $order = version_compare($parser->normalize($fields[1]), $parser->normalize($fields[2]));
        echo $order < 0 ? "<" : ($order > 0 ? ">" : "="), "\n";
    }
}
