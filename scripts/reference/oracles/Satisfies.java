// Asks Maven's VersionRange whether versions are in ranges.
// Input lines: "r<TAB>spec" or "s<TAB>spec<TAB>version"; one answer per line.
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.apache.maven.artifact.versioning.DefaultArtifactVersion;
import org.apache.maven.artifact.versioning.VersionRange;

public class Satisfies {
    public static void main(String[] arguments) throws Exception {
        BufferedReader input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        StringBuilder output = new StringBuilder();
        String line;
        while ((line = input.readLine()) != null) {
            String[] fields = line.split("\t", -1);
            VersionRange range;
            try {
                range = VersionRange.createFromVersionSpec(fields[1]);
            } catch (Exception e) {
                output.append("invalid\n");
                continue;
            }
            if (fields[0].equals("r")) {
                output.append("valid\n");
            } else {
                output.append(range.containsVersion(new DefaultArtifactVersion(fields[2])) ? "yes\n" : "no\n");
            }
        }
        System.out.print(output);
    }
}
