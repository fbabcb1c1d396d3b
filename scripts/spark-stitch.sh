#!/usr/bin/env bash
# A Tilewright stitch as a Spark job on a Spark cluster started on this machine for the run
# (Spark's local-cluster mode: a master and N workers beside the driver, each worker running
# its executor in a JVM of its own), submitted as spark-submit submits it:
#
#   scripts/spark-stitch.sh [--executors N] [--executor-memory MB] MANIFEST -o OUTPUT [options]
#
# The options are those of `tilewright stitch` (--pyramid, --compression, --blend, --missing…)
# plus --bands N. On first use (or after a source change) it installs what is missing and
# builds spark/target/tilewright-spark.jar and spark/target/spark-home (Spark from Maven
# Central). Each executor has one core and MB of heap (default 1024) besides the native
# memory of its band (--memory, 256M by default).
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
executors=2
memory=1024
while [ $# -gt 0 ]; do
  case "$1" in
    --executors) executors=$2; shift 2 ;;
    --executor-memory) memory=$2; shift 2 ;;
    *) break ;;
  esac
done
case "$executors$memory" in
  *[!0-9]*|"") echo "spark-stitch: --executors and --executor-memory take whole numbers" >&2; exit 2 ;;
esac
jar=$here/spark/target/tilewright-spark.jar
home=$here/spark/target/spark-home
if [ ! -f "$jar" ] || [ ! -f "$home/RELEASE" ] || [ -n "$(find "$here/java" "$here/native" "$here/cmake" "$here/spark" \
      "$here/pom.xml" -newer "$jar" -not -path "*/target/*" -print -quit 2>/dev/null)" ]; then
  "$here/scripts/setup.sh"
  echo "spark-stitch: building $jar …" >&2
  (cd "$here" && mvn -B -q -ntp install -DskipTests -pl java/library,java/cli,spark) >&2
fi
case "$(locale charmap 2>/dev/null)" in
  UTF-8) ;;
  *) export LC_ALL=C.UTF-8 ;;
esac
# A Spark home of jars, not a Spark build: its launcher is told the Scala version it would
# otherwise look for in build folders.
export SPARK_HOME=$home SPARK_SCALA_VERSION=2.13
# The cluster lives on this machine: every process talks over the loopback interface only.
export SPARK_LOCAL_IP=127.0.0.1
# Each run's workers keep their logs and the executors' working folders in a folder of its own.
work=$(mktemp -d "${TMPDIR:-/tmp}/tilewright-spark.XXXXXX")
trap 'rm -rf "$work"' EXIT
export SPARK_WORKER_DIR=$work SPARK_LOCAL_DIRS=$work SPARK_LOG_DIR=$work
# What spark-submit runs (as Spark's bin/spark-class reads it): Spark's launcher prints any
# message line by line, then a NUL line, then the driver's command (Java's module options
# included) NUL-separated, and its own exit code last.
command=()
delimiter=$'\n'
started=false
while IFS= read -d "$delimiter" -r arg; do
  if $started; then
    # The vector API is optional to Spark and only makes the JVM warn that it is incubating.
    [ "$arg" = --add-modules=jdk.incubator.vector ] || command+=("$arg")
  elif [ -z "$arg" ]; then
    delimiter='' started=true
  else
    echo "$arg" >&2
  fi
done < <(
  java -Xmx128m -cp "$home/jars/*" org.apache.spark.launcher.Main org.apache.spark.deploy.SparkSubmit \
    --master "local-cluster[$executors,1,$memory]" \
    --conf spark.driver.host=127.0.0.1 --conf spark.driver.bindAddress=127.0.0.1 \
    --conf spark.ui.enabled=false \
    --conf "spark.executor.extraClassPath=$jar" \
    --conf "spark.driver.extraJavaOptions=-Dlog4j2.configurationFile=$home/conf/log4j2.properties" \
    --conf "spark.executor.extraJavaOptions=-Dlog4j2.configurationFile=$home/conf/log4j2.properties" \
    ${TILEWRIGHT_SPARK_CONF:-} \
    --class org.tilewright.spark.SparkStitch "$jar" "$@"
  printf '%d\0' $?)
status=${command[${#command[@]}-1]:-1}
[ "$status" -eq 0 ] || exit "$status"
unset 'command[${#command[@]}-1]'
"${command[@]}"
