#!/usr/bin/env python3
"""Prints a random xl.cfg for seed argv[1]: a fixed name, uuid and kernel,
then 1 to 8 keys that apply to ARM guests with values picked from plausible
and edge-case forms (strings that hold numbers, hex and octal, lists,
+=), ended by newlines, `;` (two settings on a line), comments, with
comment and blank lines between. For the differential test against
Debian's xl."""
import random
import sys

random.seed(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
keys = {
 'memory': ['128', '"256"', '0x40', '010', '1', '[1]'],
 'maxmem': ['512', '"512"', '64'],
 'vcpus': ['1', '2', '"3"', '8'],
 'maxvcpus': ['4', '2'],
 'cpus': ['"0"', '"0-1"', '"all"', '["0","1"]', '"^0,all"', '"0,^0,1"', '"1-1"', '" 1"'],
 'cpus_soft': ['"all"', '["1"]', '"0-1"'],
 'extra': ['"console=hvc0"', "'a \\\"b\\\"'", '"x\\ty"'],
 'root': ['"/dev/xvda1"'],
 'cmdline': ['"quiet"'],
 'ramdisk': ['"/boot/initrd"'],
 'disk': ['["/dev/vg/a,,xvda"]', '["phy:/dev/sdb,xvdb,r"]', "['vdev=xvdc,target=/x,access=ro']", '["/dev/a,raw,xvda,w","/dev/b,qcow2,xvdb,r"]', "[',,hdc:cdrom,r']", "['format=vhd,vdev=xvdd,target=/img.vhd']", "['/x,,xvde,rw,devtype=cdrom']"],
 'vif': ['[""]', "['mac=00:16:3e:00:00:01']", "['bridge=br0,mtu=1400']", "['rate=1Mb/s']", "['rate=100KB/s@10ms']", "['ip=1.2.3.4,type=ioemu']", "['vifname=v,script=vif-nat']"],
 'on_crash': ['"preserve"', '"restart"', '"destroy"', '"coredump-destroy"'],
 'on_poweroff': ['"restart"', '"destroy"'],
 'on_reboot': ['"destroy"', '"rename-restart"'],
 'gic_version': ['"v2"', '"v3"', '"default"'],
 'vuart': ['"sbsa_uart"'],
 'tee': ['"optee"', '"none"'],
 'irqs': ['[40]', '[33, 34]'],
 'iomem': ['["1000,2"]', '["1000,2@2000"]'],
 'dtdev': ['["/a/b"]'],
 'max_event_channels': ['100'],
 'max_grant_frames': ['32'],
 'vpmu': ['1', '0'],
 'acpi': ['0'],
 'pool': ['"p"'],
 'cpu_weight': ['300'],
 'cap': ['10'],
 'channel': ['["name=a,connection=pty"]', '["name=b,connection=socket,path=/s"]'],
 'type': ['"pvh"', '"pv"', '"hvm"'],
 'seclabel': ['"a:b:c"'],
 'driver_domain': ['1'],
 'shadow_memory': ['4'],
}
# What ends a setting: a newline, `;` (then maybe the next setting on the
# same line), a comment; now and then a comment or a blank line of its own.
ends = ['\n', ';\n', ' # c\n', '; ', ';', '; # c; d = 1\n', '\t#\n']
out = 'name = "g"\nuuid = "6e2d2a3c-1b6f-4f0e-9a53-2d1c7b9e0f11"\nkernel = "/k"\n'
for k in random.sample(list(keys), random.randint(1, 8)):
    if random.random() < 0.2:
        out += random.choice(['# a comment line\n', '\n', '  # indented, with = and ; in it\n'])
    v = random.choice(keys[k])
    op = '=' if random.random() < 0.9 else '+='
    out += f'{k} {op} {v}{random.choice(ends)}'
if not out.endswith('\n'):
    out += '\n'
sys.stdout.write(out)
