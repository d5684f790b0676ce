fn main() {
    // A build dependency, so that the binary's audit data records one with kind "build".
    let _ = cc::Build::new();
}
