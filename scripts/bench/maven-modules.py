#!/usr/bin/env python3
"""Writes a Maven multi-module project of N modules, for timing `steward inventory` on it.

The parent declares properties and `<dependencyManagement>` and imports a BOM of the project;
each module inherits from the parent, depends on three libraries whose versions the parent or
the BOM manages, and on the module before it. This is the shape that made resolution
super-linear before POMs were read once per scan.

Usage: scripts/bench/maven-modules.py N DIRECTORY
"""

import pathlib
import sys

count, root = int(sys.argv[1]), pathlib.Path(sys.argv[2])
root.mkdir(parents=True, exist_ok=True)
modules = "".join(f"    <module>module-{i}</module>\n" for i in range(count))
(root / "pom.xml").write_text(f"""<project>
  <modelVersion>4.0.0</modelVersion>
  <groupId>org.example</groupId>
  <artifactId>parent</artifactId>
  <version>1.0.0</version>
  <packaging>pom</packaging>
  <modules>
    <module>bom</module>
{modules}  </modules>
  <properties>
    <jackson.version>2.16.1</jackson.version>
    <slf4j.version>2.0.9</slf4j.version>
  </properties>
  <dependencyManagement>
    <dependencies>
      <dependency><groupId>com.fasterxml.jackson.core</groupId><artifactId>jackson-databind</artifactId><version>${{jackson.version}}</version></dependency>
      <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId><version>${{slf4j.version}}</version></dependency>
      <dependency><groupId>org.example</groupId><artifactId>bom</artifactId><version>1.0.0</version><type>pom</type><scope>import</scope></dependency>
    </dependencies>
  </dependencyManagement>
</project>
""")
(root / "bom").mkdir(exist_ok=True)
(root / "bom" / "pom.xml").write_text("""<project>
  <modelVersion>4.0.0</modelVersion>
  <groupId>org.example</groupId>
  <artifactId>bom</artifactId>
  <version>1.0.0</version>
  <packaging>pom</packaging>
  <dependencyManagement>
    <dependencies>
      <dependency><groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter</artifactId><version>5.10.1</version><scope>test</scope></dependency>
    </dependencies>
  </dependencyManagement>
</project>
""")
for i in range(count):
    module = root / f"module-{i}"
    module.mkdir(exist_ok=True)
    previous = (
        f"<dependency><groupId>org.example</groupId><artifactId>module-{i - 1}</artifactId><version>${{project.version}}</version></dependency>"
        if i
        else ""
    )
    (module / "pom.xml").write_text(f"""<project>
  <modelVersion>4.0.0</modelVersion>
  <parent><groupId>org.example</groupId><artifactId>parent</artifactId><version>1.0.0</version></parent>
  <artifactId>module-{i}</artifactId>
  <dependencies>
    <dependency><groupId>com.fasterxml.jackson.core</groupId><artifactId>jackson-databind</artifactId></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId></dependency>
    <dependency><groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter</artifactId></dependency>
    {previous}
  </dependencies>
</project>
""")
