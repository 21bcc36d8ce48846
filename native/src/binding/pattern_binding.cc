// compilePatterns(patterns: Uint8Array[]) -> set; patternStrategy(set) -> string;
// patternScan(set, data: Uint8Array) -> { count, ids, ends }; patternRelease(set);
// patternOpenStream(set) -> stream; patternStreamWrite(stream, chunk) -> { count, ids, ends };
// patternStreamClose(stream). Every argument is checked before any scan runs.
#include "pattern_binding.h"

#include <memory>
#include <new>
#include <string>
#include <utility>
#include <vector>

#include "../pattern/pattern_error.h"
#include "../pattern/pattern_set.h"
#include "args.h"
#include "errors.h"

namespace knhk {

namespace {

// Tags that tell our externals from any other value (napi_type_tag_object, N-API 8).
constexpr napi_type_tag kSetTag = {0x6b6e686b70617474ULL, 0x7365740000000001ULL};
constexpr napi_type_tag kStreamTag = {0x6b6e686b70617474ULL, 0x7374726d00000002ULL};

// What a set external holds; `set` is null once released.
struct SetHandle {
  std::shared_ptr<const PatternSet> set;
};

// What a stream external holds; `stream` is null once closed.
struct StreamHandle {
  std::shared_ptr<SetHandle> owner;
  std::unique_ptr<PatternStream> stream;
};

struct U8Span {
  const uint8_t* data;
  size_t length;
};

U8Span u8_arg(const Napi::CallbackInfo& info, size_t index, const char* op, const char* name) {
  napi_typedarray_type type = napi_int8_array;
  size_t length = 0;
  void* data = nullptr;
  if (napi_get_typedarray_info(info.Env(), info[index], &type, &length, &data, nullptr, nullptr) != napi_ok ||
      type != napi_uint8_array) {
    throw_coded(info.Env(), "KNHK_E_ARG_TYPE", std::string(op) + ": " + name + " must be a Uint8Array");
  }
  return U8Span{static_cast<const uint8_t*>(data), length};
}

template <typename T>
Napi::External<std::shared_ptr<T>> tagged_external(Napi::Env env, std::shared_ptr<T> value, const napi_type_tag& tag) {
  auto external = Napi::External<std::shared_ptr<T>>::New(env, new std::shared_ptr<T>(std::move(value)),
                                                          [](Napi::Env, std::shared_ptr<T>* held) { delete held; });
  if (napi_type_tag_object(env, external, &tag) != napi_ok) throw Napi::Error::New(env, "cannot tag a pattern handle");
  return external;
}

// The object argument `index` if it carries `tag`, else KNHK_E_ARG_TYPE.
template <typename T>
T& tagged_arg(const Napi::CallbackInfo& info, size_t index, const napi_type_tag& tag, const char* op, const char* what) {
  const Napi::Value value = info[index];
  bool matches = false;
  if (value.IsExternal()) napi_check_object_type_tag(info.Env(), value, &tag, &matches);
  if (!matches) throw_coded(info.Env(), "KNHK_E_ARG_TYPE", std::string(op) + ": expects " + what);
  return **value.As<Napi::External<std::shared_ptr<T>>>().Data();
}

const PatternSet& live_set(const Napi::CallbackInfo& info, size_t index, const char* op) {
  SetHandle& handle = tagged_arg<SetHandle>(info, index, kSetTag, op, "a compiled pattern set");
  if (!handle.set) throw_coded(info.Env(), "KNHK_E_BUFFER_RELEASED", std::string(op) + ": the pattern set was released");
  return *handle.set;
}

// Runs `fill` into a fresh sink; running out of memory for the matches is KNHK_E_ARG_RANGE,
// not a crash.
template <typename Fill>
MatchSink collect(Napi::Env env, const char* op, Fill fill) {
  MatchSink sink;
  try {
    fill(sink);
  } catch (const std::bad_alloc&) {
    throw_coded(env, "KNHK_E_ARG_RANGE",
                std::string(op) + ": too many matches to hold in memory; scan the data in smaller chunks with a stream");
  }
  return sink;
}

Napi::Object match_list(Napi::Env env, const MatchSink& sink) {
  const auto& matches = sink.matches();
  Napi::Uint32Array ids = Napi::Uint32Array::New(env, matches.size());
  Napi::Float64Array ends = Napi::Float64Array::New(env, matches.size());
  for (size_t i = 0; i < matches.size(); ++i) {
    ids[i] = matches[i].id;
    ends[i] = static_cast<double>(matches[i].end);
  }
  Napi::Object list = Napi::Object::New(env);
  list.Set("count", Napi::Number::New(env, static_cast<double>(matches.size())));
  list.Set("ids", ids);
  list.Set("ends", ends);
  return list;
}

std::vector<std::vector<uint8_t>> pattern_list(const Napi::CallbackInfo& info, const char* op) {
  if (!info[0].IsArray()) throw_coded(info.Env(), "KNHK_E_ARG_TYPE", std::string(op) + ": patterns must be an array of Uint8Arrays");
  const Napi::Array array = info[0].As<Napi::Array>();
  std::vector<std::vector<uint8_t>> patterns;
  patterns.reserve(array.Length());
  for (uint32_t i = 0; i < array.Length(); ++i) {
    const Napi::Value item = array.Get(i);
    napi_typedarray_type type = napi_int8_array;
    size_t length = 0;
    void* data = nullptr;
    const std::string where = std::string(op) + ": patterns[" + std::to_string(i) + "]";
    if (napi_get_typedarray_info(info.Env(), item, &type, &length, &data, nullptr, nullptr) != napi_ok ||
        type != napi_uint8_array) {
      throw_coded(info.Env(), "KNHK_E_ARG_TYPE", where + " must be a Uint8Array");
    }
    if (length == 0) throw_coded(info.Env(), "KNHK_E_ARG_INVALID", where + " is empty; every pattern needs at least one byte");
    if (length > UINT32_MAX) throw_coded(info.Env(), "KNHK_E_ARG_RANGE", where + " is longer than 4 GiB; split it");
    const auto* bytes = static_cast<const uint8_t*>(data);
    patterns.emplace_back(bytes, bytes + length);
  }
  if (patterns.size() > UINT32_MAX) throw_coded(info.Env(), "KNHK_E_ARG_RANGE", std::string(op) + ": more than 2^32 - 1 patterns");
  return patterns;
}

Napi::Value compile(const Napi::CallbackInfo& info) {
  const char* op = "native.compilePatterns";
  expect_arg_count(info, 1, op);
  auto patterns = pattern_list(info, op);
  const auto& kernels = *static_cast<const PatternKernels*>(info.Data());
  std::shared_ptr<const PatternSet> set;
  try {
    set = std::make_shared<const PatternSet>(std::move(patterns), kernels);
  } catch (const PatternError& error) {
    throw_coded(info.Env(), error.code(), error.what());
  } catch (const std::bad_alloc&) {
    throw_coded(info.Env(), "KNHK_E_ARG_RANGE", std::string(op) + ": out of memory compiling the patterns; split them into smaller sets");
  }
  return tagged_external(info.Env(), std::make_shared<SetHandle>(SetHandle{std::move(set)}), kSetTag);
}

Napi::Value strategy(const Napi::CallbackInfo& info) {
  const char* op = "native.patternStrategy";
  expect_arg_count(info, 1, op);
  return Napi::String::New(info.Env(), strategy_name(live_set(info, 0, op).strategy()));
}

Napi::Value scan(const Napi::CallbackInfo& info) {
  const char* op = "native.patternScan";
  expect_arg_count(info, 2, op);
  const PatternSet& set = live_set(info, 0, op);
  const U8Span data = u8_arg(info, 1, op, "data");
  const MatchSink sink = collect(info.Env(), op, [&](MatchSink& s) { set.scan(data.data, data.length, 0, s); });
  return match_list(info.Env(), sink);
}

Napi::Value release(const Napi::CallbackInfo& info) {
  const char* op = "native.patternRelease";
  expect_arg_count(info, 1, op);
  tagged_arg<SetHandle>(info, 0, kSetTag, op, "a compiled pattern set").set.reset();
  return info.Env().Undefined();
}

Napi::Value open_stream(const Napi::CallbackInfo& info) {
  const char* op = "native.patternOpenStream";
  expect_arg_count(info, 1, op);
  live_set(info, 0, op);
  const auto& owner = *info[0].As<Napi::External<std::shared_ptr<SetHandle>>>().Data();
  auto handle = std::make_shared<StreamHandle>(StreamHandle{owner, std::make_unique<PatternStream>(owner->set)});
  return tagged_external(info.Env(), std::move(handle), kStreamTag);
}

Napi::Value stream_write(const Napi::CallbackInfo& info) {
  const char* op = "native.patternStreamWrite";
  expect_arg_count(info, 2, op);
  StreamHandle& handle = tagged_arg<StreamHandle>(info, 0, kStreamTag, op, "a pattern stream");
  if (!handle.stream) throw_coded(info.Env(), "KNHK_E_BUFFER_RELEASED", std::string(op) + ": the stream was closed");
  if (!handle.owner->set) throw_coded(info.Env(), "KNHK_E_BUFFER_RELEASED", std::string(op) + ": its pattern set was released");
  const U8Span chunk = u8_arg(info, 1, op, "chunk");
  const MatchSink sink =
      collect(info.Env(), op, [&](MatchSink& s) { handle.stream->write(chunk.data, chunk.length, s); });
  return match_list(info.Env(), sink);
}

Napi::Value stream_close(const Napi::CallbackInfo& info) {
  const char* op = "native.patternStreamClose";
  expect_arg_count(info, 1, op);
  tagged_arg<StreamHandle>(info, 0, kStreamTag, op, "a pattern stream").stream.reset();
  return info.Env().Undefined();
}

}  // namespace

void add_pattern_functions(Napi::Env env, Napi::Object target, const PatternKernels& kernels) {
  void* data = const_cast<PatternKernels*>(&kernels);
  target.Set("compilePatterns", Napi::Function::New(env, compile, "compilePatterns", data));
  target.Set("patternStrategy", Napi::Function::New(env, strategy, "patternStrategy"));
  target.Set("patternScan", Napi::Function::New(env, scan, "patternScan"));
  target.Set("patternRelease", Napi::Function::New(env, release, "patternRelease"));
  target.Set("patternOpenStream", Napi::Function::New(env, open_stream, "patternOpenStream"));
  target.Set("patternStreamWrite", Napi::Function::New(env, stream_write, "patternStreamWrite"));
  target.Set("patternStreamClose", Napi::Function::New(env, stream_close, "patternStreamClose"));
}

}  // namespace knhk
