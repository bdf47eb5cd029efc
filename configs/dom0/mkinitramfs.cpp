// mkinitramfs: writes a Linux initramfs (cpio "newc" archive) from a list of
// entries, so device nodes such as /dev/console need no root privileges.
//
//   mkinitramfs LIST OUTPUT [NAME=VALUE ...]
//
// LIST lines (blank lines and '#' comments ignored; @NAME@ is replaced by
// VALUE from the command line):
//   dir   PATH MODE
//   file  PATH SOURCE MODE
//   slink PATH TARGET
//   nod   PATH MODE c|b MAJOR MINOR
// Every error names the list file and line.
#include <sys/stat.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct Error {
    std::string message;
};

class Archive {
public:
    explicit Archive(std::ostream& out) : out_(out) {}

    void add(const std::string& name, uint32_t mode, const std::string& data, uint32_t major = 0, uint32_t minor = 0)
    {
        std::string path = name;
        while (!path.empty() && path.front() == '/') path.erase(0, 1);
        if (path.empty()) path = ".";
        char header[111];
        std::snprintf(header, sizeof header, "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
                      next_inode_++, mode, 0u, 0u, (mode & S_IFMT) == S_IFDIR ? 2u : 1u, 0u,
                      static_cast<uint32_t>(data.size()), 0u, 0u, major, minor,
                      static_cast<uint32_t>(path.size() + 1), 0u);
        write(header, 110);
        write(path.c_str(), path.size() + 1);
        pad();
        write(data.data(), data.size());
        pad();
    }

    void finish()
    {
        add("TRAILER!!!", 0, "");
        out_.flush();
    }

private:
    void write(const char* p, size_t n)
    {
        out_.write(p, static_cast<std::streamsize>(n));
        written_ += n;
    }
    void pad()
    {
        static const char zeros[4] = {};
        write(zeros, (4 - written_ % 4) % 4);
    }

    std::ostream& out_;
    uint32_t next_inode_ = 721;
    size_t written_ = 0;
};

std::string substitute(std::string text, const std::map<std::string, std::string>& vars)
{
    for (const auto& [name, value] : vars) {
        std::string key = "@" + name + "@";
        for (size_t at; (at = text.find(key)) != std::string::npos;) text.replace(at, key.size(), value);
    }
    return text;
}

uint32_t parse_mode(const std::string& text)
{
    size_t used = 0;
    unsigned long v = std::stoul(text, &used, 8);
    if (used != text.size() || v > 07777) throw Error{"bad mode '" + text + "' (octal, e.g. 0755)"};
    return static_cast<uint32_t>(v);
}

std::string read_file(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error{"cannot read " + path};
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void build(const std::string& list_path, std::ostream& out, const std::map<std::string, std::string>& vars)
{
    std::ifstream list(list_path);
    if (!list) throw Error{"cannot open " + list_path};
    Archive archive(out);
    std::string line;
    for (unsigned number = 1; std::getline(list, line); ++number) {
        try {
            line = substitute(line, vars);
            std::istringstream words(line);
            std::string kind, path;
            if (!(words >> kind) || kind[0] == '#') continue;
            if (!(words >> path) || path[0] != '/') throw Error{"expected an absolute path after '" + kind + "'"};
            std::string a, b, c, d;
            if (kind == "dir" && words >> a) {
                archive.add(path, S_IFDIR | parse_mode(a), "");
            } else if (kind == "file" && words >> a >> b) {
                archive.add(path, S_IFREG | parse_mode(b), read_file(a));
            } else if (kind == "slink" && words >> a) {
                archive.add(path, S_IFLNK | 0777, a);
            } else if (kind == "nod" && words >> a >> b >> c >> d && (b == "c" || b == "b")) {
                archive.add(path, (b == "c" ? S_IFCHR : S_IFBLK) | parse_mode(a), "",
                            static_cast<uint32_t>(std::stoul(c)), static_cast<uint32_t>(std::stoul(d)));
            } else {
                throw Error{"malformed '" + kind + "' entry"};
            }
            std::string extra;
            if (words >> extra) throw Error{"unexpected '" + extra + "'"};
        } catch (const Error& e) {
            throw Error{list_path + ":" + std::to_string(number) + ": " + e.message};
        } catch (const std::exception&) {
            throw Error{list_path + ":" + std::to_string(number) + ": malformed number"};
        }
    }
    archive.finish();
}

} // namespace

int main(int argc, char** argv)
{
    if (argc < 3) {
        std::cerr << "usage: mkinitramfs LIST OUTPUT [NAME=VALUE ...]\n";
        return 2;
    }
    std::map<std::string, std::string> vars;
    for (int i = 3; i < argc; ++i) {
        std::string arg = argv[i];
        size_t eq = arg.find('=');
        if (eq == std::string::npos) {
            std::cerr << "mkinitramfs: expected NAME=VALUE, got '" << arg << "'\n";
            return 2;
        }
        vars[arg.substr(0, eq)] = arg.substr(eq + 1);
    }
    std::string tmp = std::string(argv[2]) + ".tmp";
    try {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) throw Error{"cannot write " + tmp};
        build(argv[1], out, vars);
        out.close();
        if (!out) throw Error{"cannot write " + tmp};
        if (std::rename(tmp.c_str(), argv[2]) != 0) throw Error{"cannot create " + std::string(argv[2])};
    } catch (const Error& e) {
        std::remove(tmp.c_str());
        std::cerr << "mkinitramfs: " << e.message << "\n";
        return 1;
    }
    return 0;
}
