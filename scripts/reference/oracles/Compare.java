// Asks Maven's ComparableVersion (the maven-artifact jar on the class path) about versions.
// Input lines: "v<TAB>version" or "c<TAB>left<TAB>right"; output one answer per line.
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.apache.maven.artifact.versioning.ComparableVersion;

public class Compare {
    public static void main(String[] arguments) throws Exception {
        BufferedReader input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        StringBuilder output = new StringBuilder();
        String line;
        while ((line = input.readLine()) != null) {
            String[] fields = line.split("\t", -1);
            if (fields[0].equals("v")) {
                new ComparableVersion(fields[1]);
                output.append("valid\n");
            } else {
                int order = new ComparableVersion(fields[1]).compareTo(new ComparableVersion(fields[2]));
                output.append(order < 0 ? "<" : order > 0 ? ">" : "=").append('\n');
            }
        }
        System.out.print(output);
    }
}
