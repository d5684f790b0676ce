fn main() {
    let mut buffer = itoa::Buffer::new();
    let numbers: smallvec::SmallVec<[u32; 4]> = smallvec::smallvec![1, 2, 3];
    let total: u32 = numbers.iter().sum();
    println!("{}", serde_json::json!({ "total": buffer.format(total) }));
}
