<?php
// Prints Composer's normalized form of each version read (one per line), or "!" if invalid.
require '/usr/share/php/Composer/Semver/autoload.php';
$parser = new Composer\Semver\VersionParser();
while (($line = fgets(STDIN)) !== false) {
    try {
        echo $parser->normalize(rtrim($line, "\n")), "\n";
    } catch (Exception $e) {
        echo "!\n";
    }
}
